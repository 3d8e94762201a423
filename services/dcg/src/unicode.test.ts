import { describe, expect, it } from 'vitest';
import { foldLookalikes, isZeroWidth } from './unicode.ts';

describe('foldLookalikes', () => {
  it('turns look-alike dashes into hyphens and Unicode spaces into spaces, keeping the length', () => {
    const input = 'git\u00a0push \u2010\u2010force \u2014f \u2013r \u2212x\u3000y';
    const out = foldLookalikes(input);
    expect(out).toBe('git push --force -f -r -x y');
    expect(out).toHaveLength(input.length);
  });

  it('returns ASCII input unchanged', () => {
    const input = 'rm -rf ./build';
    expect(foldLookalikes(input)).toBe(input);
  });
});

describe('isZeroWidth', () => {
  it('recognises zero-width spaces and joiners', () => {
    expect(['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'].every(isZeroWidth)).toBe(true);
    expect(isZeroWidth('a')).toBe(false);
  });
});
