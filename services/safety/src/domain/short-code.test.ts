import { describe, expect, it } from 'vitest';
import { commandHash, isShortCode, newShortCode } from './short-code.ts';

describe('newShortCode', () => {
  it('makes 6 unambiguous characters that isShortCode accepts, and rarely repeats', () => {
    const codes = Array.from({ length: 2000 }, () => newShortCode());
    for (const c of codes) {
      expect(c).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
      expect(isShortCode(c)).toBe(true);
    }
    expect(new Set(codes).size).toBeGreaterThan(1990);
  });

  it('rejects ids and confusable letters', () => {
    expect(isShortCode('exc_abc')).toBe(false);
    expect(isShortCode('ABCDE0')).toBe(false);
  });
});

describe('commandHash', () => {
  it('is stable across surrounding whitespace and differs between commands', () => {
    expect(commandHash(' git reset --hard ')).toBe(commandHash('git reset --hard'));
    expect(commandHash('git reset --hard')).not.toBe(commandHash('git reset --hard HEAD'));
  });
});
