import { describe, expect, it } from 'vitest';
import { CHANNEL_FAMILIES } from '@flywheel/contracts';
import { decodeCursor, encodeCursor, maxInto, zeroVec } from './cursor.ts';

describe('cursor', () => {
  it('round-trips a vector, leaving zero components out', () => {
    const v = zeroVec();
    v[0] = 12345;
    v[7] = 1;
    const c = encodeCursor(v);
    expect(c).toBe(`v1.0-${(12345).toString(36)}.7-1`);
    expect(decodeCursor(c)).toEqual(v);
  });

  it('rejects strings that are not cursors as BAD_REQUEST', () => {
    expect(() => decodeCursor('hello')).toThrow(/malformed cursor/);
    expect(() => decodeCursor('v1.zz-1')).toThrow(/malformed cursor/);
  });

  it('merges componentwise', () => {
    const a = zeroVec();
    const b = zeroVec();
    a[0] = 5;
    b[0] = 3;
    b[1] = 9;
    expect(maxInto(a, b).slice(0, 2)).toEqual([5, 9]);
  });

  it('relies on the family order, which may only grow at the end (saved cursors index it)', () => {
    const known = [
      'agent:output',
      'agent:state',
      'agent:tools',
      'agent:checkpoints',
      'workspace:reservations',
      'workspace:conflicts',
      'workspace:handoffs',
      'system:dcg',
      'system:health',
      'system:alerts',
      'system:cost',
      'system:fleet',
      'system:budget',
      'user:notifications',
    ];
    expect(CHANNEL_FAMILIES.map((f) => f.name).slice(0, known.length)).toEqual(known);
  });
});
