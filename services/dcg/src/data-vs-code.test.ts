import { describe, expect, it } from 'vitest';
import { createEngine } from './index.ts';

const engine = createEngine({ failMode: 'closed', packs: ['database', 'kubernetes', 'system'] });

describe('data versus code', () => {
  it.each([
    'echo "rm -rf /"',
    "echo 'git reset --hard'",
    'echo rm -rf /',
    'printf "%s\\n" "git push --force"',
    'grep -r "git reset --hard" .',
    "grep -rn 'rm -rf' scripts/",
    'rg "git clean -fdx" docs',
    'git commit -m "git reset --hard fixed"',
    'git commit -am "stop rm -rf / in setup.sh"',
    'git commit --message="revert git push --force"',
    'git commit -m"git stash clear was the bug"',
    'git log --grep="reset --hard"',
    'git grep "rm -rf"',
    'cat <<EOF\nrm -rf /\nEOF',
    'cat <<EOF > notes.md\ngit reset --hard\nEOF',
    "cat <<'EOF'\n$(rm -rf ~)\nEOF",
    'tee script.sh <<EOF\nrm -rf /\nEOF',
    'grep -c "DROP TABLE" <<EOF\nDROP TABLE users;\nEOF',
    'cat <<< "git reset --hard"',
    'echo "DROP TABLE users" > migration.sql',
    'man git-reset',
    'which rm',
    'type git',
    'command -v git',
    'git reset --help',
    'rm --version',
    'sudo -l rm',
    'jq ".scripts.clean" package.json',
    'ls -la | grep "rm -rf"',
    'echo "$HOME" && ls',
    'bash script.sh',
    'bash ./deploy.sh --rm -rf',
    'python3 manage.py migrate',
    'node scripts/clean.js',
    'ssh prod uptime',
    "awk '{ print $1 }' access.log",
    `python3 -c "print('rm -rf /')"`,
    `node -e "console.log('git reset --hard')"`,
    'echo "rm -rf /" > /dev/null',
  ])('allows %j', (command) => {
    expect(engine.check(command).decision).toBe('allow');
  });

  it.each([
    ['echo "rm -rf /" | bash', 'core.filesystem:rm-rf-root'],
    ['cat <<EOF\n$(rm -rf ~)\nEOF', 'core.filesystem:rm-rf-root'],
    ['echo "$(git reset --hard)"', 'core.git:reset-hard'],
    ['grep x $(git stash clear)', 'core.git:stash-clear'],
    ['git commit -m "$(git reset --hard)"', 'core.git:reset-hard'],
    ['echo "DROP TABLE users" | psql app', 'database:drop-table'],
    ['psql -c "DROP TABLE users"', 'database:drop-table'],
    ['bash <<EOF\ngit reset --hard\nEOF', 'core.git:reset-hard'],
    ['python3 <<EOF\nimport os\nos.system("rm -rf /")\nEOF', 'core.filesystem:rm-rf-root'],
  ])('evaluates %j as code: %s', (command, ruleId) => {
    expect(engine.check(command)).toMatchObject({ decision: 'deny', ruleId });
  });
});
