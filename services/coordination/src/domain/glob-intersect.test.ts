import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { patternsIntersect } from './glob-intersect.ts';

/** [a, b, do they share a path?] — the intersection is symmetric, so each pair is checked both ways. */
const PAIRS: [string, string, boolean][] = [
  // literal paths
  ['src/a.ts', 'src/a.ts', true],
  ['src/a.ts', 'src/b.ts', false],
  ['src', 'src/a.ts', false],
  // one side a glob
  ['src/*.ts', 'src/a.ts', true],
  ['src/*.ts', 'src/a/b.ts', false],
  ['src/**', 'src/a/b/c.ts', true],
  ['src/**', 'src', true],
  ['src/**', 'lib/a.ts', false],
  ['**', 'anything/at/all', true],
  ['**/*.md', 'README.md', true],
  ['**/*.md', 'docs/a/b.md', true],
  ['**/*.md', 'docs/a/b.mdx', false],
  // both sides globs (the examples first)
  ['src/**/*.ts', 'src/api/*.ts', true],
  ['*.ts', '*.js', false],
  ['*.ts', 'src/*.ts', false],
  ['src/**', 'src/api/**', true],
  ['src/api/**', 'src/web/**', false],
  ['src/**/test/*.ts', 'src/api/**', true],
  ['**/test/**', 'src/**', true],
  ['a/**/b', 'a/b', true],
  ['a/**/b', 'a/x/y/b', true],
  ['a/**/b', 'a/x/y/c', false],
  ['**/a', '**/b', false],
  ['**/a/**', '**/b/**', true],
  ['x/*/z', 'x/y/*', true],
  ['x/*/z', 'y/*/z', false],
  ['src/a*', 'src/*b', true],
  ['src/a*', 'src/b*', false],
  ['src/*a', 'src/*b', false],
  ['src/a*c', 'src/ab*', true],
  ['src/a*c', 'src/*bd', false],
  ['*', '*', true],
  ['*', 'a/b', false],
  ['**', '*', true],
  // ? and classes
  ['src/?.ts', 'src/a.ts', true],
  ['src/?.ts', 'src/ab.ts', false],
  ['src/??.ts', 'src/*b.ts', true],
  ['src/[abc].ts', 'src/[cde].ts', true],
  ['src/[ab].ts', 'src/[cd].ts', false],
  ['src/[a-m]*', 'src/[n-z]*', false],
  ['src/[a-m]*', 'src/[k-z]*', true],
  ['src/[!a].ts', 'src/a.ts', false],
  ['src/[!a].ts', 'src/b.ts', true],
  ['src/[!ab].ts', 'src/[ab].ts', false],
  ['src/[!a].ts', 'src/[!b].ts', true],
  ['src/[^a-z]', 'src/[0-9]', true],
  ['v[[:digit:]].txt', 'v[a-z].txt', false],
  ['v[[:digit:]].txt', 'v?.txt', true],
  // braces
  ['src/{a,b}/*.ts', 'src/b/x.ts', true],
  ['src/{a,b}/*.ts', 'src/c/x.ts', false],
  ['{src,lib}/**', 'lib/x', true],
  ['file{1..3}.txt', 'file2.txt', true],
  ['file{1..3}.txt', 'file4.txt', false],
  ['*.{ts,tsx}', '*.tsx', true],
  ['*.{ts,tsx}', '*.{js,jsx}', false],
  // dotfiles are ordinary files here
  ['*', '.env', true],
  ['**/.git/**', '.git/config', true],
  // virtual resources match themselves only
  ['tool://browser', 'tool://browser', true],
  ['tool://browser', 'tool://db', false],
  ['tool://browser', '**', false],
];

describe('patternsIntersect', () => {
  it(`has a table of at least 40 pairs (${PAIRS.length})`, () => expect(PAIRS.length).toBeGreaterThanOrEqual(40));

  it.each(PAIRS)('%s ∩ %s → %s', (a, b, want) => {
    expect(patternsIntersect(a, b)).toBe(want);
    expect(patternsIntersect(b, a)).toBe(want);
  });

  it('never says "disjoint" when picomatch finds a path both match (every pair, over a universe of paths)', () => {
    const names = [
      'a',
      'b',
      'c',
      'x',
      'y',
      'z',
      'ab',
      'a.ts',
      'b.ts',
      'x.ts',
      'x.js',
      'ab.ts',
      'a.tsx',
      'README.md',
      'b.md',
      'b.mdx',
      '.env',
      '.git',
      'config',
      'src',
      'lib',
      'api',
      'web',
      'test',
      'file2.txt',
      'file4.txt',
      'v1.txt',
      'va.txt',
      'acbd',
      'abc',
      'abd',
      '0',
      'k',
      'n',
    ];
    const universe: string[] = [];
    const grow = (prefix: string[], depth: number) => {
      if (prefix.length) universe.push(prefix.join('/'));
      if (depth === 0) return;
      for (const n of names) grow([...prefix, n], depth - 1);
    };
    grow([], 3);
    const opts = { dot: true, posix: true };
    for (const [a, b] of PAIRS) {
      if (a.includes('://')) continue;
      const [ma, mb] = [picomatch(a, opts), picomatch(b, opts)];
      const witness = universe.find((p) => ma(p) && mb(p));
      if (witness) expect(patternsIntersect(a, b), `${a} ∩ ${b} share ${witness}`).toBe(true);
    }
  });
});
