import { describe, expect, it } from 'vitest';
import { type AppError } from '@flywheel/contracts';
import { assertCommandAllowed, assertTransition } from './lifecycle.ts';

describe('lifecycle', () => {
  it('allows the seed transitions and rejects the rest as CONFLICT', () => {
    for (const [from, to] of [
      ['spawning', 'initializing'],
      ['initializing', 'ready'],
      ['ready', 'executing'],
      ['executing', 'ready'],
      ['executing', 'paused'],
      ['paused', 'ready'],
      ['ready', 'terminating'],
      ['terminating', 'terminated'],
      ['executing', 'failed'],
    ] as const) {
      expect(() => assertTransition('a', from, to)).not.toThrow();
    }
    for (const [from, to] of [
      ['terminated', 'ready'],
      ['failed', 'executing'],
      ['spawning', 'executing'],
      ['paused', 'executing'],
      ['terminating', 'ready'],
    ] as const) {
      expect(() => assertTransition('a', from, to)).toThrow(expect.objectContaining({ code: 'CONFLICT' }) as AppError);
    }
  });

  it('accepts a send while ready or executing only', () => {
    expect(() => assertCommandAllowed('a', 'executing', 'send')).not.toThrow();
    expect(() => assertCommandAllowed('a', 'paused', 'send')).toThrow(/paused; cannot send/);
    expect(() => assertCommandAllowed('a', 'terminated', 'interrupt')).toThrow(/cannot interrupt/);
  });
});
