import { describe, expect, it } from 'vitest';
import { compareReportedCost } from './reported-cost.ts';

describe('compareReportedCost', () => {
  it.each([
    [1_800, 0.0018000000000000002, 1, { reportedMicros: 1_800, deltaMicros: 0, divergent: false }],
    [2, 0.0000014999999999999998, 1, { reportedMicros: 1, deltaMicros: 1, divergent: false }],
    [215_357, 0.21535675, 1, { reportedMicros: 215_357, deltaMicros: 0, divergent: false }],
    [1_801, 0.0018, 1, { reportedMicros: 1_800, deltaMicros: 1, divergent: true }],
    [1_972_500, 0.9899999999999999, 1, { reportedMicros: 990_000, deltaMicros: 982_500, divergent: true }],
  ])('compares our %i µ$ with a reported $%s over %i record(s)', (ours, reported, records, expected) => {
    expect(compareReportedCost(ours, reported, records)).toEqual(expected);
  });

  it('allows half a micro-dollar of rounding per record in an aggregate', () => {
    expect(compareReportedCost(1_803, 0.0018, 6).divergent).toBe(false);
    expect(compareReportedCost(1_804, 0.0018, 6).divergent).toBe(true);
  });
});
