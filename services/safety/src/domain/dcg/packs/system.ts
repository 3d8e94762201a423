/** system: formatting disks, writing to block devices, recursive permission changes on /, stopping services, power. */
import type { BuiltinPack } from '../rule-types.ts';
import { OPTS } from './fragments.ts';

const DEVICE = String.raw`/dev/(?:sd|hd|vd|xvd|nvme|mmcblk|disk|rdisk|mapper/|md\d|dm-|loop)`;
const SYSTEM_DIR = String.raw`(?:/|/\*|~/?|\$HOME/?|/(?:bin|boot|dev|etc|home|lib|lib64|opt|proc|root|sbin|srv|sys|usr|var|Users|System|Library|Applications)/?)`;
const RECURSIVE = String.raw`(?=.*\s(?:-[a-zA-Z]*R[a-zA-Z]*|--recursive)(?:\s|$))`;

export const system: BuiltinPack = {
  id: 'system',
  name: 'System administration',
  description: 'mkfs, dd or redirection to block devices, recursive chmod/chown on system paths, stopping services, shutdown.',
  keywords: ['mkfs', 'mke2fs', 'mkswap', 'wipefs', 'dd', '/dev/', 'chmod', 'chown', 'chgrp', 'systemctl', 'service', 'shutdown', 'reboot', 'halt', 'poweroff', 'init'],
  rules: [
    {
      id: 'mkfs',
      severity: 'critical',
      explanation: 'Creating a filesystem (mkfs, mkswap, wipefs) erases everything on the device.',
      safeAlternative: 'lsblk -f',
      pattern: String.raw`^(?:mkfs(?:\.\w+)?|mke2fs|mkswap|wipefs|mkntfs|mkdosfs)\b`,
    },
    {
      id: 'dd-device',
      severity: 'critical',
      explanation: 'dd of=/dev/… overwrites a disk or partition byte for byte.',
      safeAlternative: 'dd if=disk.img of=/tmp/disk-copy.img bs=4M',
      pattern: String.raw`^dd\b.*\bof=/dev/(?!null\b|zero\b|stdout\b|stderr\b|tty\b|fd/)`,
      commands: ['dd'],
    },
    {
      id: 'write-device',
      severity: 'critical',
      explanation: 'Redirecting or tee-ing into a block device overwrites the disk.',
      safeAlternative: 'lsblk -f',
      pattern: String.raw`(?:>\|?\s*|^tee\b.*\s)${DEVICE}`,
    },
    {
      id: 'chmod-recursive-system',
      severity: 'critical',
      explanation: 'Recursive chmod/chown/chgrp on /, a home or a system directory breaks the system or exposes files.',
      safeAlternative: 'chmod -R u+rwX ./my-project',
      pattern: String.raw`^(?:chmod|chown|chgrp)\b${RECURSIVE}.*\s${SYSTEM_DIR}(?:\s|$)`,
      commands: ['chmod', 'chown', 'chgrp'],
    },
    {
      id: 'chmod-world-writable',
      severity: 'high',
      explanation: 'chmod -R 777 makes a whole tree writable by every user.',
      safeAlternative: 'chmod -R u+rwX,go+rX ./my-project',
      pattern: String.raw`^chmod\b${RECURSIVE}.*\s(?:0?777|a\+rwx|ugo\+rwx|o\+w)(?:\s|$)`,
      commands: ['chmod'],
    },
    {
      id: 'service-stop',
      severity: 'high',
      explanation: 'Stopping, disabling or masking a system service takes it down for everyone using the machine.',
      safeAlternative: 'systemctl status my-service',
      pattern: String.raw`^(?:systemctl${OPTS}\s+(?:stop|disable|mask|kill)\b|service\s+\S+\s+stop\b)`,
      commands: ['systemctl', 'service'],
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
