import { describe, expect, it } from 'vitest';
import { createEngine } from '../index.ts';

const engine = createEngine({ failMode: 'closed', packs: ['system'] });

const stopped = (command: string, rule: string): void => {
  const d = engine.check(command);
  expect(d.ruleId, command).toBe(`system:${rule}`);
  expect(d.decision, command).not.toBe('allow');
};

describe('system', () => {
  it.each([
    ['dd if=/dev/zero of=/dev/sda', 'dd-device'],
    ['dd if=/dev/zero of=//dev/sda bs=1M', 'dd-device'],
    ['dd of=/dev/./nvme0n1 if=image.raw', 'dd-device'],
    ['dd if=x of=/tmp/../dev/sdb', 'dd-device'],
    ['sudo dd if=img of="/dev/disk/by-id/usb-stick" conv=fsync', 'dd-device'],
    ['> /dev/nvme0n1', 'write-device'],
    ['cat x > /dev/sdb', 'write-device'],
    ['cat x >> //dev/sdb1', 'write-device'],
    ['echo x 1<> /dev/sda', 'write-device'],
    ['pv image.iso > /dev/mmcblk0', 'write-device'],
    ['cp image.iso /dev/sdc', 'write-device'],
    ['sudo tee -a /dev/vda < image', 'write-device'],
    ['shred -vz /dev/sda', 'write-device'],
    ['bash -c "cat x > /dev/sda"', 'write-device'],
    ['mkfs /dev/sdb1', 'mkfs'],
    ['mkfs.vfat -F 32 /dev/sdb1', 'mkfs'],
    ['/sbin/mkfs.btrfs -f /dev/sdc', 'mkfs'],
    ['sudo wipefs --all /dev/sdb', 'mkfs'],
    ['sgdisk -Z /dev/sda', 'mkfs'],
    ['"mkfs".ext4 /dev/sdb1', 'mkfs'],
    ['sudo -u root mkswap /dev/sdb2', 'mkfs'],
    ['bash -c "mkfs.xfs -f /dev/nvme1n1"', 'mkfs'],
    ['chmod -R 777 /', 'chmod-recursive-system'],
    ['chown -R user /', 'chmod-recursive-system'],
    ['chmod -R 000 ~', 'chmod-recursive-system'],
    ['chmod -R a+rwx $HOME', 'chmod-recursive-system'],
    ['chmod --recursive 777 //', 'chmod-recursive-system'],
    ['chmod --recur 755 /.', 'chmod-recursive-system'],
    ['chmod -vR 777 "${HOME}/"', 'chmod-recursive-system'],
    ['chmod 777 -R /home/alice', 'chmod-recursive-system'],
    ['chown -hR eve: /Users/alice/', 'chmod-recursive-system'],
    ['chmod -R 700 ~/..', 'chmod-recursive-system'],
    ['sudo chgrp -R staff /usr/*', 'chmod-recursive-system'],
    ['setfacl -R -m u:eve:rwx /', 'chmod-recursive-system'],
    ['chmod -R go+w ./shared', 'chmod-world-writable'],
    ['chmod -R 1777 ./uploads', 'chmod-world-writable'],
    ['chmod -R u+rw,o+rw data', 'chmod-world-writable'],
    ['chmod --recursive a=rwx data', 'chmod-world-writable'],
    ['chmod -v -R 0777 data', 'chmod-world-writable'],
    ['systemctl stop nginx', 'service-stop'],
    ['systemctl --now disable nginx', 'service-stop'],
    ['systemctl -H prod stop nginx', 'service-stop'],
    ['systemctl mask --now sshd', 'service-stop'],
    ['systemctl isolate rescue.target', 'service-stop'],
    ['service nginx stop', 'service-stop'],
    ['sudo invoke-rc.d ssh stop', 'service-stop'],
    ['rc-service sshd stop', 'service-stop'],
    ['launchctl bootout system/com.example.agent', 'service-stop'],
    ['update-rc.d apache2 disable', 'service-stop'],
    ['chkconfig sshd off', 'service-stop'],
    ['sv down nginx', 'service-stop'],
    ['"systemctl" st\\op nginx', 'service-stop'],
  ])('stops %j (%s)', (command, rule) => stopped(command, rule));

  it.each([
    'dd if=disk.img of=/tmp/copy.img',
    'dd if=/dev/sda of=/tmp/mbr.bin bs=512 count=1',
    'dd if=/dev/urandom of=/dev/null count=1',
    'echo hi > /dev/null',
    'npm test 2>/dev/null',
    'echo x > /dev/stderr',
    'echo x > /dev/./null',
    'exec 3<>/dev/tcp/example.com/80',
    'cat /dev/sda | head -c 512 | xxd',
    'cp /dev/null ./empty',
    'lsblk -f',
    'mkfsinfo',
    'chmod -R u+rwX ./project',
    'chmod 777 ./script.sh',
    'chown -R me ./project',
    'chmod -R 755 ./home/alice',
    'chmod -R 755 /home/alice/project',
    'chmod -R 755 ~/project',
    'chmod -R u+rwX,go+rX ./app',
    'chmod -R go-w ./app',
    'chmod -R 0755 ./bin',
    'systemctl status nginx',
    'systemctl restart nginx',
    'systemctl --user start app',
    'service nginx status',
    'launchctl list',
    'shutdown -c',
    'chmod -R 755 ./2017',
  ])('allows %j', (command) => {
    expect(engine.check(command).decision).toBe('allow');
  });

  it('asks rather than denies when a policy caps the pack at ask', () => {
    const asking = createEngine({ failMode: 'closed', packs: ['system'], packActions: { system: 'ask' } });
    expect(asking.check('dd if=/dev/zero of=/dev/sda')).toMatchObject({ decision: 'ask', ruleId: 'system:dd-device' });
  });
});
