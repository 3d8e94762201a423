import { describe, expect, it } from 'vitest';
import { decimalToScaled, microsToUsd, microsToUsdNumber, picosToMicros, sumMicros, usdToMicros, usdToPicos } from './money.ts';

describe('usdToMicros', () => {
  it.each([
    ['1', 1_000_000],
    ['0.000001', 1],
    ['0.0000005', 1],
    ['0.00000049', 0],
    ['12.3456789', 12_345_679],
    ['1e-6', 1],
    [0.0018000000000000002, 1_800],
    [0.1 + 0.2, 300_000],
    ['.5', 500_000],
  ] as const)('converts %s USD to %i micros, rounding half up', (usd, micros) => {
    expect(usdToMicros(usd)).toBe(micros);
  });

  it.each(['', 'abc', '1..2', 'e5', '1,5'])('rejects the malformed amount "%s"', (usd) => {
    expect(() => usdToMicros(usd)).toThrow(/not a decimal number/);
  });

  it('rejects amounts beyond the safe integer range instead of rounding them', () => {
    expect(() => usdToMicros('1e20')).toThrow(/safe integer/);
  });

  it('rejects non-finite numbers', () => {
    expect(() => usdToMicros(Number.NaN)).toThrow(/finite/);
  });
});

describe('usdToPicos', () => {
  it.each([
    [3e-6, 3_000_000],
    [3.75e-6, 3_750_000],
    [3e-7, 300_000],
    [8e-8, 80_000],
    [5e-9, 5_000],
    [2.25e-5, 22_500_000],
    [0.01, 10_000_000_000],
  ])('converts the LiteLLM price %s USD/token to %i pico-dollars exactly', (usd, picos) => {
    expect(usdToPicos(usd)).toBe(picos);
  });
});

describe('decimalToScaled', () => {
  it('parses exponent notation without float multiplication', () => {
    expect(decimalToScaled('1.25E-7', 12)).toBe(125_000n);
  });

  it('rounds the magnitude of negative amounts half up', () => {
    expect(decimalToScaled('-0.0000015', 6)).toBe(-2n);
  });
});

describe('microsToUsd', () => {
  it.each([
    [0, '0.000000'],
    [1, '0.000001'],
    [1_800, '0.001800'],
    [12_345_678, '12.345678'],
    [-5, '-0.000005'],
  ])('formats %i micros as "%s"', (micros, usd) => {
    expect(microsToUsd(micros)).toBe(usd);
  });

  it('round-trips through usdToMicros for every formatted value', () => {
    for (const micros of [0, 1, 999_999, 1_000_000, 123_456_789_012]) expect(usdToMicros(microsToUsd(micros))).toBe(micros);
  });

  it('gives a plain number for JSON replies', () => {
    expect(microsToUsdNumber(1_500_000)).toBe(1.5);
  });

  it('rejects fractional micros', () => {
    expect(() => microsToUsd(1.5)).toThrow(/safe integer/);
  });
});

describe('picosToMicros', () => {
  it.each([
    [499_999n, 0],
    [500_000n, 1],
    [1_500_000n, 2],
    [2_499_999n, 2],
  ])('rounds %s pico-dollars half up to %i micros', (picos, micros) => {
    expect(picosToMicros(picos)).toBe(micros);
  });
});

describe('sumMicros', () => {
  it('sums a million small amounts exactly, where floats in dollars drift', () => {
    const amounts = Array.from({ length: 1_000_000 }, () => 1);
    let floatDollars = 0;
    for (const a of amounts) floatDollars += a / 1e6;
    expect(sumMicros(amounts)).toBe(1_000_000);
    expect(floatDollars).not.toBe(1);
  });

  it('throws when the total overflows the safe integer range', () => {
    expect(() => sumMicros([Number.MAX_SAFE_INTEGER, 1])).toThrow(/safe integer/);
  });
});
