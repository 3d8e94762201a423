/** system: formatting disks, writing to block devices, recursive permission changes on / or a home, stopping services, power. */
import type { BuiltinPack } from '../rule-types.ts';
import { OPTS } from './fragments.ts';

/** `/dev/` however it is spelled: `//dev`, `/./dev/`, `/tmp/../dev/`. */
const DEV = String.raw`(?:/+[^\s/]+/+\.\.)*/[/.]*dev/[/.]*(?![/.])`;
/** A device that is not a block device: writing to these is harmless. */
const NOT_BLOCK = String.raw`(?!(?:null|zero|full|u?random|std(?:in|out|err)|tty\w*|console|kmsg|log|ptmx)(?:\s|$)|(?:pts|fd|shm|mqueue|tcp|udp)/)`;
const BLOCK = String.raw`${DEV}${NOT_BLOCK}\S`;
/** `/`, `//`, `/.`, `/*`, `~`, `$HOME`, `/home/me`, `/root`, `~/..`, or a top-level system directory. */
const DOTS = String.raw`[/.]*\*?`;
const HOME = String.raw`(?:~[\w.-]*|\$HOME|\$\{HOME\}|/+(?:home|Users)/+[^/\s]+|/+root)`;
const TOP = String.raw`/+(?:bin|boot|dev|etc|home|lib|lib64|opt|proc|root|sbin|srv|sys|usr|var|Users|System|Library|Applications)`;
const ROOTISH = String.raw`(?:/${DOTS}|${HOME}${DOTS}|${TOP}${DOTS})`;
const RECURSIVE = String.raw`(?=.*\s(?:-[a-zA-Z]*R[a-zA-Z]*|--rec(?:u(?:r(?:s(?:i(?:ve?)?)?)?)?)?)(?:\s|$))`;
/** Modes that let every user write: 777, 0666, 1777, a+rwx, o+w, go=rwx. */
const WORLD_WRITABLE = String.raw`(?:[0-7]?[0-7][0-7][2367]|(?:[^\s,]*,)*[ugo]*[ao][ugo]*[+=][rwxXst]*w[^\s]*)`;

export const system: BuiltinPack = {
  id: 'system',
  name: 'System administration',
  description: 'mkfs, wipefs, dd or redirection to block devices, recursive chmod/chown on / or a home, stopping services, shutdown.',
  enabledByDefault: true,
  defaultAction: 'ask',
  keywords: [
    'mkfs',
    'mke2fs',
    'mkswap',
    'wipefs',
    'blkdiscard',
    'sgdisk',
    'dd',
    '/dev',
    'chmod',
    'chown',
    'chgrp',
    'setfacl',
    'chattr',
    'systemctl',
    'service',
    'invoke-rc.d',
    'rc-service',
    'rc-update',
    'update-rc.d',
    'chkconfig',
    'launchctl',
    'sv ',
    'shutdown',
    'reboot',
    'halt',
    'poweroff',
    'init',
  ],
  rules: [
    {
      id: 'mkfs',
      severity: 'critical',
      explanation:
        'Creating a filesystem or partition table, or discarding a device (mkfs, mkswap, wipefs, blkdiscard, sgdisk --zap-all), erases everything on it.',
      safeAlternative: 'lsblk -f',
      pattern: String.raw`^(?:mkfs(?:\.\w+)?|mke2fs|mkswap|wipefs|mkntfs|mkdosfs|mkexfatfs|blkdiscard|sgdisk\b.*\s(?:-[a-zA-Z]*[Zo][a-zA-Z]*|--zap-all|--clear))\b`,
    },
    {
      id: 'dd-device',
      severity: 'critical',
      explanation: 'dd of=/dev/… overwrites a disk or partition byte for byte.',
      safeAlternative: 'dd if=disk.img of=/tmp/disk-copy.img bs=4M',
      pattern: String.raw`^dd\b.*\sof=${BLOCK}`,
      commands: ['dd'],
    },
    {
      id: 'write-device',
      severity: 'critical',
      explanation: 'Redirecting, tee-ing, copying or shredding onto a block device (> /dev/sda, tee /dev/nvme0n1, cp x /dev/sdb) overwrites the disk.',
      safeAlternative: 'lsblk -f',
      pattern: String.raw`(?:>\|?\s*${BLOCK}|^tee\b.*\s${BLOCK}|^(?:cp|mv|install|ddrescue|pv)\b.*\s${BLOCK}\S*$|^shred\b.*\s${BLOCK})`,
    },
    {
      id: 'chmod-recursive-system',
      severity: 'critical',
      explanation: 'Recursive chmod/chown/chgrp/setfacl on /, a home directory or a top-level system directory breaks the system or exposes every file.',
      safeAlternative: 'chmod -R u+rwX ./my-project',
      pattern: String.raw`^(?:chmod|chown|chgrp|setfacl|chattr)\b${RECURSIVE}.*\s${ROOTISH}(?:\s|$)`,
      commands: ['chmod', 'chown', 'chgrp', 'setfacl', 'chattr'],
    },
    {
      id: 'chmod-world-writable',
      severity: 'high',
      explanation: 'A recursive chmod that grants write to every user (777, a+rwx, o+w) makes a whole tree writable by anyone on the machine.',
      safeAlternative: 'chmod -R u+rwX,go+rX ./my-project',
      pattern: String.raw`^chmod\b${RECURSIVE}(?:\s+-\S+)*\s+${WORLD_WRITABLE}(?:\s|$)`,
      commands: ['chmod'],
    },
    {
      id: 'service-stop',
      severity: 'high',
      explanation: 'Stopping, disabling or masking a system service takes it down for everyone using the machine.',
      safeAlternative: 'systemctl status my-service',
      pattern: [
        String.raw`^systemctl${OPTS}\s+(?:stop|disable|mask|kill|isolate)\b`,
        String.raw`^service\s+(?:-\S+\s+)*\S+\s+(?:stop|force-stop)\b`,
        String.raw`^(?:invoke-rc\.d|rc-service)\s+(?:-\S+\s+)*\S+\s+stop\b`,
        String.raw`^launchctl\s+(?:unload|bootout|disable|stop|remove|kill)\b`,
        String.raw`^update-rc\.d\s+(?:-\S+\s+)*\S+\s+(?:disable|remove)\b`,
        String.raw`^chkconfig\s+(?:--level\s+\S+\s+)?\S+\s+off\b`,
        String.raw`^rc-update\s+(?:del|delete)\b`,
        String.raw`^sv\s+(?:-\S+\s+)*(?:down|stop|force-stop|exit|d|x)\b`,
      ].join('|'),
      commands: ['systemctl', 'service', 'invoke-rc.d', 'rc-service', 'launchctl', 'update-rc.d', 'chkconfig', 'rc-update', 'sv'],
    },
    {
      id: 'shutdown-reboot',
      severity: 'critical',
      explanation: 'Shutting down or rebooting the machine ends every running agent and service.',
      safeAlternative: 'wall "reboot required: please reboot manually"',
      pattern: String.raw`^(?:(?:shutdown|reboot|halt|poweroff)\b(?!.*\s-c\b)|systemctl${OPTS}\s+(?:poweroff|reboot|halt|kexec)\b|(?:init|telinit)\s+[06]\b)`,
      commands: ['shutdown', 'reboot', 'halt', 'poweroff', 'systemctl', 'init', 'telinit'],
    },
  ],
};
