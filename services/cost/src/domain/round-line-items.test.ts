import { describe, expect, it } from 'vitest';
import { roundLineItems } from './round-line-items.ts';

describe('roundLineItems', () => {
  it.each([
    [{ a: 1_500_000, b: 7_500_000 }, 9, { a: 2, b: 7 }],
    [{ a: 1_400_000, b: 1_400_000, c: 1_400_000 }, 4, { a: 2, b: 1, c: 1 }],
    [{ a: 500_000 }, 1, { a: 1 }],
    [{ a: 499_999, b: 0 }, 0, { a: 0, b: 0 }],
    [{ a: 3_000_000, b: 2_000_000 }, 5, { a: 3, b: 2 }],
  ])('rounds the pico-dollar items %j once to %i µ$ and apportions them as %j', (picos, total, items) => {
    const exact = Object.fromEntries(Object.entries(picos).map(([k, v]) => [k, BigInt(v)]));
    expect(roundLineItems(exact)).toEqual({ total, items });
  });

  it('always yields items that sum to the total and stay within 1 µ$ of exact', () => {
    let seed = 3;
    const rand = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
    for (let i = 0; i < 2_000; i++) {
      const picos = { a: BigInt(Math.floor(rand() * 5e9)), b: BigInt(Math.floor(rand() * 5e6)), c: BigInt(Math.floor(rand() * 5e5)) };
      const { total, items } = roundLineItems(picos);
      expect(items.a + items.b + items.c).toBe(total);
      for (const k of ['a', 'b', 'c'] as const) expect(Math.abs(items[k] * 1e6 - Number(picos[k]))).toBeLessThan(1e6);
    }
  });
});
