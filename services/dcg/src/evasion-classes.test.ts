import { describe, expect, it } from 'vitest';
import { createEngine, listPacks } from './index.ts';

const engine = createEngine({
  failMode: 'closed',
  packs: listPacks()
    .filter((p) => !p.alwaysOn)
    .map((p) => p.id),
});

const stops = (command: string, ruleId: string): void => {
  const d = engine.check(command);
  expect(d.ruleId, command).toBe(ruleId);
  expect(d.decision, command).not.toBe('allow');
};
const allows = (command: string): void => expect(engine.check(command).decision, command).toBe('allow');

describe('evasion class: option spellings (values, abbreviations, extensions, clusters)', () => {
  it.each([
    ['git push --force=1 origin main', 'core.git:push-force'],
    ['git push --forc origin main', 'core.git:push-force'],
    ['git push --mirr backup', 'core.git:push-force'],
    ['git push -fu origin main', 'core.git:push-force'],
    ['git push --force-with-lease --force-if-includes --force', 'core.git:push-force'],
    ['git clean --forc -d', 'core.git:clean-force'],
    ['git clean --force=yes', 'core.git:clean-force'],
    ['git clean --f -x', 'core.git:clean-force'],
    ['git clean -dxf', 'core.git:clean-force'],
    ['git clean -ffdX', 'core.git:clean-force'],
    ['git checkout --forc main', 'core.git:checkout-force'],
    ['git checkout --force=true main', 'core.git:checkout-force'],
    ['git switch --discard main', 'core.git:checkout-force'],
    ['git branch --del --forc feature', 'core.git:branch-force-delete'],
    ['git branch --d --f feature', 'core.git:branch-force-delete'],
    ['git reset --har', 'core.git:reset-hard'],
    ['git reset --hard=HEAD~1', 'core.git:reset-hard'],
    ['git reset --h', 'core.git:reset-hard'],
    ['rm --recursive --force build', 'core.filesystem:rm-rf'],
    ['rm --rec --fo build', 'core.filesystem:rm-rf'],
    ['rm --recursive=1 --force=1 build', 'core.filesystem:rm-rf'],
    ['rm -r --interactive=never build', 'core.filesystem:rm-rf'],
    ['rm -R --inter=no build', 'core.filesystem:rm-rf'],
    ['rm -fR build', 'core.filesystem:rm-rf'],
    ['rm -r --no-preserve-root /', 'core.filesystem:rm-rf-root'],
    ['rm -R --no-pres --one-file-system /', 'core.filesystem:rm-rf-root'],
    ['rm -r ~', 'core.filesystem:rm-rf-root'],
    ['yes | rm -ri ~', 'core.filesystem:rm-rf-root'],
    ['rm -rf -i -f /etc', 'core.filesystem:rm-rf-root'],
    ['docker compose down --volumes=true', 'containers:compose-down-volumes'],
    ['docker compose down -tv 5', 'containers:compose-down-volumes'],
    ['docker rm --force=true web', 'containers:rm-force'],
    ['terraform apply -auto-approve=true', 'infrastructure:terraform-apply-auto-approve'],
    ['terraform apply --auto-approve', 'infrastructure:terraform-apply-auto-approve'],
    ['terraform apply -destroy=true', 'infrastructure:terraform-destroy'],
    ['kubectl delete pods --all=true -n prod', 'kubernetes:delete-all'],
    ['kubectl delete ns prod --dry-run=none', 'kubernetes:delete-namespace'],
    ['base64 --decod p | sh', 'remote.exec:decode-to-shell'],
  ])('stops %j as %s', stops);

  it.each([
    'git push --force-with-lease=main:abc123 origin main',
    'git push --force-with-leas origin main',
    'git push --force-if-includes --force-with-lease',
    'git clean --dry-run --force',
    'git clean --dry -f',
    'git clean -nf',
    'git checkout --for-each main',
    'git branch --delete merged',
    'git reset --soft HEAD~1',
    'rm -r --interactive=always build',
    'rm -ri /',
    'docker compose down --volumes=false',
    'docker rm --force=false web',
    'terraform apply -auto-approve=false',
    'terraform apply -destroy=false tfplan',
    'kubectl delete pods --all=false web-1',
  ])('allows %j', allows);
});

describe('evasion class: recursive forced deletion with no operand at all', () => {
  it.each(['rm -rf', 'rm -rf --', 'sudo rm -rf', 'rm --recursive --force', 'rm -rf $UNSET_VAR', 'rm -rf "${EMPTY:-}"'])('stops %j', (command) =>
    stops(command, 'core.filesystem:rm-rf'),
  );

  it.each(['rm -rf ""', "rm -rf ''", 'rm -fr -- ""'])('stops %j as if it named the root (an empty path is where `"$DIR"/` lands)', (command) =>
    stops(command, 'core.filesystem:rm-rf-root'),
  );

  it.each(['rm -r', 'rm -f', 'rm -rf --help', 'rm -rf /tmp/build'])('allows %j', allows);
});

describe('evasion class: deletion inside inline interpreter code, whatever the path', () => {
  it.each([
    [`python -c "import shutil; shutil.rmtree('/tmp/build')"`, 'core.filesystem:inline-recursive-delete'],
    [`python3 -c 'import os; os.remove("/tmp/x")'`, 'core.filesystem:inline-file-delete'],
    [`python3 -c 'import os; os.remove(x)'`, 'core.filesystem:inline-file-delete'],
    [`python3 -c "import shutil, sys; shutil.rmtree(sys.argv[1])" /tmp/x`, 'core.filesystem:inline-recursive-delete'],
    [`python3 -c "import shutil as s; s.rmtree(p)"`, 'core.filesystem:inline-recursive-delete'],
    [`python3 -c "from shutil import rmtree as nuke; nuke(p)"`, 'core.filesystem:inline-recursive-delete'],
    [`python3 -c "import shutil; getattr(shutil, 'rmtree')(p)"`, 'core.filesystem:inline-recursive-delete'],
    [`python3 -c "__import__('shutil').rmtree('/tmp/' + name)"`, 'core.filesystem:inline-recursive-delete'],
    [`python3 -c "import os; getattr(os, 'remove')(p)"`, 'core.filesystem:inline-file-delete'],
    [`node -e "fs.rmSync(p, { recursive: true })"`, 'core.filesystem:inline-recursive-delete'],
    [`node -e "require('fs').rmSync('/tmp/x', { recursive: true, force: true })"`, 'core.filesystem:inline-recursive-delete'],
    [`node -e "require('fs').rm('/tmp/x', { recursive: true }, () => {})"`, 'core.filesystem:inline-recursive-delete'],
    [`node -e "require('fs/promises').rm(process.argv[1], { recursive: true })" /tmp/x`, 'core.filesystem:inline-recursive-delete'],
    [`node -e "const fs = require('fs'); fs['rmSync']('x', { recursive: true })"`, 'core.filesystem:inline-recursive-delete'],
    [`node -e "require('rimraf').sync('/tmp/x')"`, 'core.filesystem:inline-recursive-delete'],
    [`ruby -e 'FileUtils.rm_rf(x)'`, 'core.filesystem:inline-recursive-delete'],
    [`ruby -rfileutils -e 'FileUtils.rm_rf ARGV[0]' /tmp/x`, 'core.filesystem:inline-recursive-delete'],
    [`perl -e 'unlink glob "/tmp/x/*"'`, 'core.filesystem:inline-file-delete'],
    [`perl -MFile::Path -e 'rmtree $ARGV[0]' /tmp/x`, 'core.filesystem:inline-recursive-delete'],
    [`php -r 'unlink("/tmp/x");'`, 'core.filesystem:inline-file-delete'],
    [`python3 - <<'EOF'\nimport shutil\nshutil.rmtree('/tmp/x')\nEOF`, 'core.filesystem:inline-recursive-delete'],
    [`echo "import os; os.unlink('/tmp/x')" | python3`, 'core.filesystem:inline-file-delete'],
    [`python3 -c "import subprocess; subprocess.run(['rm', '-rf', p])"`, 'core.filesystem:rm-rf'],
    [`node -e "require('child_process').execFileSync('rm', ['-rf', process.argv[1]])"`, 'core.filesystem:rm-rf'],
    [`python3 -c "import os; os.system('rm -rf ' + path)"`, 'core.filesystem:rm-rf'],
  ])('stops %j as %s', stops);

  it.each([
    `python3 -c "print('shutil')"`,
    `python3 -c "xs = [1, 2]; xs.remove(1)"`,
    `node -e "console.log(require('fs').readdirSync('.'))"`,
    `python3 -c "import subprocess; subprocess.run(['rm', '-rf', '/tmp/build'])"`,
    `awk '{ print "unlink" }' notes.txt`,
  ])('allows %j', allows);
});
