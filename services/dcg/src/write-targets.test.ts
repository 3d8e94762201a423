import { describe, expect, it } from 'vitest';
import { writeTargets } from './write-targets.ts';

/** command → the paths it writes, in order of appearance. */
const TABLE: [string, string[]][] = [
  // redirections
  ['echo hi > src/a.ts', ['src/a.ts']],
  ['echo hi >> log/out.txt', ['log/out.txt']],
  ['cmd >| forced.txt', ['forced.txt']],
  ['make &> build.log', ['build.log']],
  ['make &>> build.log', ['build.log']],
  ['make 2> err.txt 1>out.txt', ['err.txt', 'out.txt']],
  ['make >& both.txt', ['both.txt']],
  ['make 2>&1', []],
  ['make > /dev/null 2>&1', []],
  ['cat < input.txt', []],
  ['echo "$X" > "$OUT"', []],
  ['cat <<EOF > gen/config.json\n{}\nEOF', ['gen/config.json']],
  // tee
  ['echo x | tee a.txt b.txt', ['a.txt', 'b.txt']],
  ['echo x | tee -a notes.md', ['notes.md']],
  ['echo x | tee -', []],
  // sed
  ["sed -i 's/a/b/' src/x.ts", ['src/x.ts']],
  ["sed -i.bak -e 's/a/b/' src/x.ts src/y.ts", ['src/x.ts', 'src/y.ts']],
  ["sed --in-place 's/a/b/' f.txt", ['f.txt']],
  ["sed -E -i 's/a/b/' f.txt", ['f.txt']],
  ["sed -i '' 's/a/b/' mac.txt", ['mac.txt']],
  ["sed -n 's/a/b/p' read-only.txt", []],
  ['sed -f script.sed -i target.txt', ['target.txt']],
  // mv / cp
  ['mv old.ts new.ts', ['old.ts', 'new.ts', 'new.ts/old.ts']],
  ['mv a.ts b.ts dest/', ['a.ts', 'b.ts', 'dest/a.ts', 'dest/b.ts']],
  ['mv -t dest a.ts', ['a.ts', 'dest', 'dest/a.ts']],
  ['cp src/a.ts lib/a.ts', ['lib/a.ts', 'lib/a.ts/a.ts']],
  ['cp -r src/ backup/', ['backup/src']],
  ['cp --target-directory=out x y', ['out', 'out/x', 'out/y']],
  ['cp -vt out x', ['out', 'out/x']],
  // rm
  ['rm src/a.ts', ['src/a.ts']],
  ['rm -rf build dist', ['build', 'dist']],
  ['rm -- -weird-name', ['-weird-name']],
  ['rm -f src/*.ts', ['src/*.ts']],
  // git
  ['git checkout -- src/a.ts src/b.ts', ['src/a.ts', 'src/b.ts']],
  ['git checkout main -- src/a.ts', ['src/a.ts']],
  ['git checkout .', ['.']],
  ['git checkout feature', []],
  ['git checkout HEAD~1 src/a.ts', ['src/a.ts']],
  ['git restore src/a.ts', ['src/a.ts']],
  ['git restore --source=HEAD~2 -- src/a.ts', ['src/a.ts']],
  ['git restore -s HEAD src/a.ts', ['src/a.ts']],
  ['git restore --staged src/a.ts', []],
  ['git restore --staged --worktree src/a.ts', ['src/a.ts']],
  ['git -C repo restore x.ts', ['x.ts']],
  ['git status', []],
  // nesting, wrappers, several commands
  ["bash -c 'rm -f a.txt && echo x > b.txt'", ['a.txt', 'b.txt']],
  ['sudo rm /etc/hosts', ['/etc/hosts']],
  ['cd src && rm a.ts; touch b.ts', ['a.ts']],
  ['echo $(rm gone.txt)', ['gone.txt']],
  ['find . -name "*.tmp" -exec rm {} \\;', []],
  ['ls -la', []],
  ['cat src/a.ts', []],
];

describe('writeTargets', () => {
  it.each(TABLE)('%j writes %j', (command, paths) => {
    expect(writeTargets(command).map((t) => t.path)).toEqual(paths);
  });

  it('names what writes each path', () => {
    expect(writeTargets("echo x > a; sed -i 's/a/b/' b; git restore c")).toEqual([
      { path: 'a', via: '>' },
      { path: 'b', via: 'sed -i' },
      { path: 'c', via: 'git restore' },
    ]);
  });

  it('lists a path once however often it is written', () => {
    expect(writeTargets('echo a > x; echo b >> x; rm x')).toEqual([{ path: 'x', via: '>' }]);
  });
});
