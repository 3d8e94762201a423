import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SEQ_SET_MAX_SPAN, SeqSet } from './seq-set.ts';

describe('SeqSet', () => {
  it('holds the same sequences as a Set, whatever order they come in (history below live, gaps, repeats)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200_000 }), { maxLength: 300 }), (seqs) => {
        const bits = new SeqSet();
        const ref = new Set<number>();
        for (const s of seqs) {
          expect(bits.add(s)).toBe(!ref.has(s));
          ref.add(s);
        }
        for (const s of seqs) expect(bits.has(s)).toBe(true);
        for (const s of [0, 1, 31, 32, 65_535, 199_999, 200_000]) expect(bits.has(s)).toBe(ref.has(s));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps 100,000 sequences in a few kilobytes of bits, once each', () => {
    const bits = new SeqSet();
    let added = 0;
    for (let s = 10_000_000; s < 10_100_000; s++) if (bits.add(s)) added++;
    expect(added).toBe(100_000);
    expect(bits.add(10_050_000)).toBe(false);
    expect(bits.has(9_999_999)).toBe(false);
    expect(bits.has(10_100_000)).toBe(false);
  });

  it('past the largest span, drops its oldest part and counts what is below as seen', () => {
    const bits = new SeqSet();
    bits.add(5);
    bits.add(SEQ_SET_MAX_SPAN * 2);
    expect(bits.has(SEQ_SET_MAX_SPAN * 2)).toBe(true);
    expect(bits.has(5)).toBe(true);
    expect(bits.add(6)).toBe(false);
    expect(bits.has(SEQ_SET_MAX_SPAN * 2 - 1)).toBe(false);
    expect(bits.add(SEQ_SET_MAX_SPAN * 2 - 1)).toBe(true);
  });
});
