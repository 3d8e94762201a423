import { describe, expect, it } from 'vitest';
import { createEngine } from './index.ts';

const engine = createEngine({ failMode: 'open' });
const RESET = 'core.git:reset-hard';
const ROOT = 'core.filesystem:rm-rf-root';
const RMRF = 'core.filesystem:rm-rf';

describe('evasion attempts', () => {
  it.each([
    // wrappers
    ['sudo git reset --hard', RESET],
    ['sudo -u deploy -H -- git reset --hard', RESET],
    ['sudo --user=deploy --preserve-env git reset --hard', RESET],
    ['doas rm -rf /', ROOT],
    ['env git reset --hard', RESET],
    ['env -i PATH=/usr/bin git reset --hard', RESET],
    ['env -u HOME -C /repo git reset --hard', RESET],
    ['env --unset=HOME git reset --hard', RESET],
    ['GIT_DIR=.git FOO="a b" git reset --hard', RESET],
    ['command git reset --hard', RESET],
    ['builtin command rm -rf /', ROOT],
    ['exec -a name git reset --hard', RESET],
    ['nohup git clean -fdx &', 'core.git:clean-force'],
    ['nice -n 19 rm -rf ~', ROOT],
    ['nice -5 rm -rf ~', ROOT],
    ['time git reset --hard', RESET],
    ['/usr/bin/time -v git reset --hard', RESET],
    ['timeout 30 git reset --hard', RESET],
    ['timeout --signal=KILL -k 5 30s rm -rf ~', ROOT],
    ['ionice -c 3 rm -rf ~', ROOT],
    ['stdbuf -oL git reset --hard', RESET],
    ['setsid rm -rf ~', ROOT],
    ['busybox rm -rf ~', ROOT],
    ['sudo env FOO=1 nice timeout 5 command /bin/rm -rf /', ROOT],
    ['xargs rm -rf', RMRF],
    ['xargs -I{} rm -rf {}', RMRF],
    ['find . -print0 | xargs -0 -P 4 rm -rf', RMRF],
    // quoting, escapes, paths
    ['"git" reset --hard', RESET],
    ["'git' 'reset' '--hard'", RESET],
    ["'rm' -rf /", ROOT],
    ['g"i"t reset --hard', RESET],
    ["r''m -rf /", ROOT],
    ['\\rm -rf ~', ROOT],
    ['\\git reset --hard', RESET],
    ['g\\it reset --hard', RESET],
    ['/usr/bin/git reset --hard', RESET],
    ['./node_modules/.bin/../../../usr/bin/rm -rf ~', ROOT],
    ['GIT reset --hard', RESET],
    ['git.exe reset --hard', RESET],
    ["$'\\x67it' reset --hard", RESET],
    ["$'\\162\\155' -rf /", ROOT],
    ['rm${IFS}-rf${IFS}/', ROOT],
    ['rm$IFS-rf$IFS/', ROOT],
    ['{rm,-rf,/}', ROOT],
    ['git reset --hard # just a comment', RESET],
    ['git \\\n reset \\\n --hard', RESET],
    // Unicode look-alikes
    ['rm —rf /', ROOT],
    ['rm –rf /', ROOT],
    ['rm ‐rf /', ROOT],
    ['git push ‐‐force', 'core.git:push-force'],
    ['git push —force', 'core.git:push-force'],
    ['git reset −−hard', RESET],
    ['git\u00a0reset\u00a0--hard', RESET],
    ['r\u200bm -rf /', ROOT],
    // separators and subshells
    ['echo ok; git reset --hard', RESET],
    ['true && git reset --hard', RESET],
    ['false || rm -rf ~', ROOT],
    ['sleep 1 & rm -rf ~', ROOT],
    ['ls | rm -rf ~', ROOT],
    ['ls |& rm -rf ~', ROOT],
    ['echo ok\ngit reset --hard', RESET],
    ['(git reset --hard)', RESET],
    ['(cd repo && (git reset --hard))', RESET],
    ['{ git reset --hard; }', RESET],
    ['if true; then git reset --hard; fi', RESET],
    ['for b in a b; do git branch -D $b; done', 'core.git:branch-force-delete'],
    ['! git reset --hard', RESET],
    // command substitution
    ['$(rm -rf ~)', ROOT],
    ['echo $(rm -rf ~)', ROOT],
    ['echo "$(git reset --hard)"', RESET],
    ['echo `git reset --hard`', RESET],
    ['x=$(git reset --hard)', RESET],
    ['echo ${x:-$(rm -rf ~)}', ROOT],
    ['cat <(rm -rf ~)', ROOT],
    ['echo $(echo $(rm -rf ~))', ROOT],
    // code passed to shells and eval
    ["bash -c 'git reset --hard'", RESET],
    ['bash -c "rm -rf ~"', ROOT],
    ['sh -c "cd repo && git reset --hard"', RESET],
    ["bash -lc 'git reset --hard'", RESET],
    ["bash -e -c 'git reset --hard'", RESET],
    ["zsh -c 'git reset --hard'", RESET],
    ["sudo sh -c 'rm -rf /'", ROOT],
    ['bash -c "bash -c \\"git reset --hard\\""', RESET],
    ['eval "git reset --hard"', RESET],
    ["eval 'rm -rf ~'", ROOT],
    ['env -S "git reset --hard"', RESET],
    ['su -c "rm -rf /" root', ROOT],
    ['ssh prod "git reset --hard"', RESET],
    ['watch -n 5 git clean -fdx', 'core.git:clean-force'],
    // stdin to a shell
    ['echo "git reset --hard" | bash', RESET],
    ['echo "rm -rf ~" | sudo sh', ROOT],
    ["printf 'rm -rf ~\\n' | sh", ROOT],
    ['bash <<EOF\nrm -rf /\nEOF', ROOT],
    ["bash <<'EOF'\ngit reset --hard\nEOF", RESET],
    ['sh <<-EOF\n\tgit reset --hard\n\tEOF', RESET],
    ['cat <<EOF | bash\ngit reset --hard\nEOF', RESET],
    ['bash <<< "git reset --hard"', RESET],
    ["sh <<< 'rm -rf ~'", ROOT],
    ['bash -s <<EOF\nrm -rf ~\nEOF', ROOT],
    ['cat <<EOF\n$(rm -rf ~)\nEOF', ROOT],
    // interpreters
    [`python3 -c "import os; os.system('git reset --hard')"`, RESET],
    [`python -c "import subprocess; subprocess.run(['rm', '-rf', '/'])"`, ROOT],
    [`python3 -c "import subprocess as s; s.call('rm -rf ~', shell=True)"`, ROOT],
    [`node -e "require('child_process').execSync('git reset --hard')"`, RESET],
    [`node -e "require('child_process').spawnSync('rm', ['-rf', '/'])"`, ROOT],
    [`ruby -e 'system("git reset --hard")'`, RESET],
    ["ruby -e '`rm -rf ~`'", ROOT],
    [`perl -e 'system("git reset --hard")'`, RESET],
    [`perl -e 'qx(rm -rf ~)'`, ROOT],
    [`php -r 'system("rm -rf ~");'`, ROOT],
    [`awk 'BEGIN { system("rm -rf ~") }'`, ROOT],
    [`python3 - <<EOF\nimport os\nos.system("git reset --hard")\nEOF`, RESET],
    // commands run elsewhere: remote hosts, containers, rebase steps
    ['docker exec -it -u root web rm -rf /data', ROOT],
    ['kubectl exec -it web-0 -n prod -- rm -rf /var/lib/data', RMRF],
    ['git rebase -i HEAD~3 --exec "git reset --hard"', RESET],
    // find -exec
    ['find . -exec rm -rf {} \\;', RMRF],
    ['find / -name "*.bak" -execdir rm -rf {} +', RMRF],
    // dynamic command words
    ['G=git; $G reset --hard', RESET],
    ['CMD=rm; $CMD -rf ~', ROOT],
    ['$(echo rm) -rf ~', ROOT],
  ])('denies %j as %s', (command, ruleId) => {
    expect(engine.check(command)).toMatchObject({ decision: 'deny', ruleId });
  });

  it('stops at the configured nesting depth and applies the fail mode', () => {
    let command = 'git reset --hard';
    for (let i = 0; i < 12; i++) command = `bash -c ${JSON.stringify(command)}`;
    const strict = createEngine({ failMode: 'closed', limits: { maxDepth: 4 } });
    expect(strict.check(command)).toMatchObject({ decision: 'deny', ruleId: 'engine:limit-exceeded' });
    expect(createEngine({ failMode: 'open', limits: { maxDepth: 4 } }).check(command).decision).toBe('warn');
    expect(createEngine({ failMode: 'open', limits: { maxDepth: 16 } }).check(command).ruleId).toBe(RESET);
  });
});
