import { describe, expect, it } from 'vitest';
import { gateKeyword } from './gate.ts';

const keywords = ['git', 'rm'];

describe('gateKeyword', () => {
  it('lets commands without keywords through untouched', () => {
    expect(gateKeyword(keywords, 'ls -la')).toBeUndefined();
    expect(gateKeyword(keywords, 'npm test "a b"')).toBeUndefined();
  });

  it('finds keywords case-insensitively', () => {
    expect(gateKeyword(keywords, 'GIT status')).toBe('git');
  });

  it('sees through quotes, escapes and zero-width characters that split a keyword', () => {
    expect(gateKeyword(keywords, `g'i't reset`)).toBe('git');
    expect(gateKeyword(keywords, 'r\\m -f')).toBe('rm');
    expect(gateKeyword(keywords, 'r\u200bm -f')).toBe('rm');
  });

  it('always sends ANSI-C quoting to the full parse', () => {
    expect(gateKeyword(keywords, "$'\\x72m' -f")).toBe("$'");
  });
});
