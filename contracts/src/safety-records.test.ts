import { describe, expect, it } from 'vitest';
import { dcgEventMayDeny } from './safety.ts';
import { newId } from './ids.ts';

describe('dcgEventMayDeny', () => {
  const decision = (d: string) => ({ type: 'decision', decision: { decision: d } });

  it('lets through denials, exceptions and anything it cannot tell, and skips other decisions', () => {
    expect([decision('deny'), { type: 'exception', exception: {} }, undefined, null, 'x', {}, { type: 'decision' }].map(dcgEventMayDeny)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['allow', 'warn', 'ask'].map((d) => dcgEventMayDeny(decision(d)))).toEqual([false, false, false]);
  });
});

describe('newId', () => {
  it('stays unique and well-formed across refills of its random pool', () => {
    const ids = Array.from({ length: 2000 }, () => newId('t'));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^t_[0-9a-z]{10}$/);
    expect(newId('x', 32)).toMatch(/^x_[0-9a-z]{32}$/);
  });
});
