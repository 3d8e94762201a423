import { describe, expect, it } from 'vitest';
import { encodeCursor, zeroVec } from './cursor.ts';
import { familyIndex } from './event-input.ts';
import { planSubscribe } from './subscribe-plan.ts';

const OUTPUT = familyIndex('agent:output');
const DCG = familyIndex('system:dcg');
const allowAll = () => true;

describe('planSubscribe', () => {
  it('groups the channels by family and starts at the hub position when there is no since', () => {
    const now = zeroVec();
    now[OUTPUT] = 7;
    const plan = planSubscribe({ type: 'subscribe', channels: ['agent:output:a1', 'agent:output:*', 'system:dcg'] }, { first: true, now, allowed: allowAll });
    expect(plan.patterns).toEqual([
      [OUTPUT, 'agent:output:a1'],
      [OUTPUT, 'agent:output:*'],
      [DCG, 'system:dcg'],
    ]);
    expect(plan.fams).toEqual([OUTPUT, DCG]);
    expect(plan.start).toEqual(now);
    expect(plan.start).not.toBe(now);
  });

  it('starts at since on the first subscribe', () => {
    const since = zeroVec();
    since[OUTPUT] = 3;
    const plan = planSubscribe(
      { type: 'subscribe', channels: ['agent:output:a1'], since: encodeCursor(since) },
      { first: true, now: zeroVec(), allowed: allowAll },
    );
    expect(plan.start).toEqual(since);
  });

  it('refuses an unknown channel as BAD_REQUEST and a forbidden one as FORBIDDEN', () => {
    const ctx = { first: true, now: zeroVec(), allowed: (_fam: number, id: string | undefined) => id !== 'theirs' };
    expect(() => planSubscribe({ type: 'subscribe', channels: ['nope:x'] }, ctx)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => planSubscribe({ type: 'subscribe', channels: ['agent:output:theirs'] }, ctx)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('accepts since only on the first subscribe of a connection', () => {
    const frame = { type: 'subscribe' as const, channels: ['system:dcg'], since: encodeCursor(zeroVec()) };
    expect(() => planSubscribe(frame, { first: false, now: zeroVec(), allowed: allowAll })).toThrow(/only on the first subscribe/);
  });
});
