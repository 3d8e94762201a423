import { describe, expect, it } from 'vitest';
import { lex } from './lexer.ts';
import { unwrap } from './wrappers.ts';
import type { Word } from './shell-types.ts';

const words = (s: string): Word[] => lex(s).tokens.flatMap((t) => (t.kind === 'word' ? [t.word] : []));
const run = (s: string): string =>
  unwrap(words(s))
    .words.map((w) => w.value)
    .join(' ');

describe('unwrap', () => {
  it.each([
    ['sudo rm -rf x', 'rm -rf x'],
    ['sudo -u root -g wheel -E -H rm x', 'rm x'],
    ['sudo --user=root --preserve-env rm x', 'rm x'],
    ['sudo --user root -- rm x', 'rm x'],
    ['doas -u root rm x', 'rm x'],
    ['env -i -u HOME -C /repo A=1 B=2 rm x', 'rm x'],
    ['env -- A=1 rm x', 'rm x'],
    ['A=1 B="x y" rm x', 'rm x'],
    ['command -p rm x', 'rm x'],
    ['builtin exec -a foo rm x', 'rm x'],
    ['nohup nice -n 10 rm x', 'rm x'],
    ['nice --adjustment=5 rm x', 'rm x'],
    ['time -p rm x', 'rm x'],
    ['timeout -k 5 -s TERM 1m rm x', 'rm x'],
    ['timeout --preserve-status 10 rm x', 'rm x'],
    ['xargs -0 -I {} -P 4 rm x', 'rm x'],
    ['stdbuf -o L rm x', 'rm x'],
    ['ionice -c 3 -n 7 rm x', 'rm x'],
    ['watch -n 2 rm x', 'rm x'],
    ['then ! rm x', 'rm x'],
    ['{rm,-rf,/}', 'rm -rf /'],
  ])('%s runs %s', (input, expected) => {
    expect(run(input)).toBe(expected);
  });

  it('keeps a quoted reserved word and a quoted assignment as the command', () => {
    expect(run('"if" x')).toBe('if x');
    expect(run('"A=1" x')).toBe('A=1 x');
  });

  it('flags xargs, read-only lookups and env -S code', () => {
    expect(unwrap(words('xargs rm -rf')).fromXargs).toBe(true);
    expect(unwrap(words('command -v git')).readOnly).toBe(true);
    expect(unwrap(words('sudo -l rm')).readOnly).toBe(true);
    expect(unwrap(words('env -S "rm -rf x" y')).code).toEqual({ text: 'rm -rf x y', start: 8 });
  });

  it('returns no command for a bare assignment', () => {
    expect(unwrap(words('A=1 B=2')).words).toEqual([]);
  });
});
