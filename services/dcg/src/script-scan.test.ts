import { describe, expect, it } from 'vitest';
import { firstStringArg, shellOuts } from './script-scan.ts';
import { readCommandLiteral } from './script-literals.ts';

describe('shellOuts', () => {
  it.each([
    ['python', `import os; os.system('git reset --hard')`, 'git reset --hard'],
    ['python', `subprocess.run(["rm", "-rf", "/"], check=True)`, 'rm -rf /'],
    ['python', `subprocess.check_output(r'ls -la', shell=True)`, 'ls -la'],
    ['python', `os.popen("""rm -rf ~""")`, 'rm -rf ~'],
    ['node', "require('child_process').execSync(`git clean -fdx`)", 'git clean -fdx'],
    ['node', `spawnSync('rm', ['-rf', 'dist'])`, 'rm -rf dist'],
    ['ruby', 'system("git push --force")', 'git push --force'],
    ['ruby', '%x(rm -rf ~)', 'rm -rf ~'],
    ['perl', 'system "rm -rf ~"', 'rm -rf ~'],
    ['perl', 'my $x = `git stash clear`;', 'git stash clear'],
    ['awk', 'BEGIN { system("rm -rf ~") }', 'rm -rf ~'],
  ] as const)('finds the command a %s script runs in %s', (lang, code, expected) => {
    expect(shellOuts(lang, code).map((o) => o.code)).toEqual([expected]);
  });

  it('ignores calls whose command is not a literal, and JavaScript template strings outside calls', () => {
    expect(shellOuts('python', 'os.system(cmd)')).toEqual([]);
    expect(shellOuts('node', 'const s = `rm -rf ~`; console.log(s)')).toEqual([]);
  });

  it('reports where the command starts in the script', () => {
    const code = `os.system('ls')`;
    const [out] = shellOuts('python', code);
    expect(code.slice(out.at, out.at + out.code.length)).toBe('ls');
  });
});

describe('script literals', () => {
  it('unescapes normal strings and keeps raw strings raw', () => {
    expect(readCommandLiteral(String.raw`"a\tb"`, 0)?.text).toBe('a\tb');
    expect(readCommandLiteral(String.raw`r"a\tb"`, 0)?.text).toBe(String.raw`a\tb`);
  });

  it('gives up on lists with non-literal elements', () => {
    expect(readCommandLiteral(`['rm', path]`, 0)).toBeUndefined();
  });

  it('reads the first string argument after an opening parenthesis', () => {
    expect(firstStringArg(`rmtree( '/tmp/x')`, 7)).toBe('/tmp/x');
    expect(firstStringArg('rmtree(path)', 7)).toBeUndefined();
  });
});
