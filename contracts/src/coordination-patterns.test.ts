import { describe, expect, it } from 'vitest';
import { normalizePattern, Pattern } from './coordination-patterns.ts';
import { expandBraces } from './coordination-braces.ts';

describe('normalizePattern', () => {
  it.each([
    ['src/a.ts', 'src/a.ts'],
    ['./src/a.ts', 'src/a.ts'],
    ['/src/a.ts', 'src/a.ts'],
    ['src\\win\\a.ts', 'src/win/a.ts'],
    ['src//a/./b', 'src/a/b'],
    ['src/', 'src/**'],
    ['src/**/', 'src/**'],
    ['src/***/x', 'src/**/x'],
    ['**/**/x', '**/x'],
    ['a**.ts', 'a*.ts'],
    ['tool://browser', 'tool://browser'],
    ['service://db/main', 'service://db/main'],
  ])('%s → %s', (raw, want) => expect(normalizePattern(raw)).toEqual({ ok: true, pattern: want }));

  it.each(['../etc/passwd', 'src/../../x', '', '/', './', '!src/**', 'src/@(a|b).ts', ' src', 'a\0b', 'src/{..,a}/x', 'x/{1..999}/{1..999}'])(
    'refuses %j',
    (raw) => {
      expect(normalizePattern(raw).ok).toBe(false);
    },
  );

  it('is a 400 naming the pattern and the reason when parsed as a schema', () => {
    const r = Pattern.safeParse('src/../x');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toMatch(/src\/\.\.\/x.*'\.\.'/);
  });
});

describe('expandBraces', () => {
  it.each([
    ['src/{a,b}/*.ts', ['src/a/*.ts', 'src/b/*.ts']],
    ['{a,b{c,d}}', ['a', 'bc', 'bd']],
    ['file{1..3}', ['file1', 'file2', 'file3']],
    ['x{a..c}', ['xa', 'xb', 'xc']],
    ['plain{}', ['plain{}']],
    ['lit{a}', ['lit{a}']],
    ['[{,}]x', ['[{,}]x']],
  ])('%s → %j', (p, want) => expect(expandBraces(p)).toEqual(want));

  it('gives up past the limit', () => expect(expandBraces('{1..20}{1..20}', 100)).toBeUndefined());
});
