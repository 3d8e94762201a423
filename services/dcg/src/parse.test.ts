import { describe, expect, it } from 'vitest';
import { parseCommand } from './parse.ts';

const segs = (command: string) => parseCommand(command).segments.map((s) => ({ cmd: s.cmd, text: s.text, origin: s.origin, depth: s.depth }));

describe('parseCommand', () => {
  it('normalises each segment: wrappers gone, basename, lowercase, quotes removed', () => {
    expect(segs('sudo /usr/bin/GIT "reset" --hard && \\rm -rf "./a b"')).toEqual([
      { cmd: 'git', text: 'git reset --hard', origin: 'command', depth: 0 },
      { cmd: 'rm', text: 'rm -rf ./a b', origin: 'command', depth: 0 },
    ]);
  });

  it('evaluates substitutions before the command that contains them', () => {
    expect(segs('echo "$(git status)" `ls`').map((s) => [s.cmd, s.origin])).toEqual([
      ['git', 'substitution'],
      ['ls', 'substitution'],
      ['echo', 'command'],
    ]);
  });

  it('masks the arguments of data commands and git messages', () => {
    expect(segs('grep -r "rm -rf" . ; git commit -m "rm -rf" -q').map((s) => s.text)).toEqual(['grep', 'git commit -m … -q']);
  });

  it('feeds echo, printf and cat heredocs piped into a shell to that shell as code', () => {
    expect(segs('echo "git status" | bash').map((s) => [s.cmd, s.origin, s.depth])).toEqual([
      ['echo', 'command', 0],
      ['bash', 'command', 0],
      ['git', 'stdin', 1],
    ]);
    expect(segs('cat <<EOF | sh\nls\nEOF').map((s) => s.cmd)).toEqual(['cat', 'sh', 'ls']);
  });

  it('does not treat a pipe into a script file as code', () => {
    expect(segs('echo "rm -rf ~" | bash ./consume.sh').map((s) => s.cmd)).toEqual(['echo', 'bash']);
  });

  it('turns inline scripts into script segments and their shell-outs into commands', () => {
    expect(segs(`python3 -c "import os; os.system('npm test')"`).map((s) => [s.cmd, s.origin, s.text])).toEqual([
      ['python3', 'command', `python3 -c import os; os.system('npm test')`],
      ['python3', 'script', "import os; os.system('npm test')"],
      ['npm', 'script', 'npm test'],
    ]);
  });

  it('evaluates find -exec commands and git shell aliases', () => {
    expect(segs('find . -exec chmod 644 {} \\;').map((s) => [s.text, s.origin])).toEqual([
      ['find . -exec chmod 644 {} ;', 'command'],
      ['chmod 644 {}', 'exec'],
    ]);
    expect(segs('git -c alias.x="!npm test" x').map((s) => [s.text, s.origin])).toEqual([
      ['git -c alias.x=!npm test x', 'command'],
      ['npm test', 'alias'],
    ]);
  });

  it('judges an unknown command word as each command the core packs guard', () => {
    expect(segs('$TOOL reset --hard').map((s) => [s.text, s.origin])).toEqual([
      ['$tool reset --hard', 'command'],
      ['rm reset --hard', 'dynamic'],
      ['git reset --hard', 'dynamic'],
    ]);
  });

  it('appends SQL from stdin only for clients that read commands from it', () => {
    expect(segs('psql <<EOF\nSELECT 1;\nEOF')[0].text).toBe('psql\nSELECT 1;\n');
    expect(segs('tee out.sql <<EOF\nSELECT 1;\nEOF')[0].text).toBe('tee out.sql');
  });

  it('renders redirections into the text so device writes are visible', () => {
    expect(segs('echo x > /dev/sda 2>&1')[0].text).toBe('echo >/dev/sda 2>&1');
  });

  it('marks --help and --version before -- as read-only', () => {
    const [help, file] = parseCommand('rm -rf x --help; rm -rf -- --help').segments;
    expect([help.readOnly, file.readOnly]).toEqual([true, false]);
  });

  it('stops at the segment limit and says so', () => {
    const parsed = parseCommand('ls;'.repeat(20), { maxLength: 1000, maxDepth: 8, maxSegments: 5 });
    expect(parsed.segments).toHaveLength(5);
    expect(parsed.limit).toBe('more than 5 segments');
  });
});
