import { describe, expect, it } from 'vitest';
import { GuardCalls } from './guard-calls.ts';

describe('GuardCalls', () => {
  it('runs a call once per key: a repeat while it runs joins it, a later repeat gets its answer', async () => {
    const calls = new GuardCalls<string>();
    let runs = 0;
    let finish!: (v: string) => void;
    const run = () => (runs++, new Promise<string>((r) => (finish = r)));
    const first = calls.once('k', run);
    const joined = calls.once('k', run);
    finish('allow');
    expect([await first, await joined]).toEqual(['allow', 'allow']);
    expect(await calls.once('k', run)).toBe('allow');
    expect(runs).toBe(1);
  });

  it('runs every call without a key, and forgets a failed call so its re-send runs again', async () => {
    const calls = new GuardCalls<string>();
    let runs = 0;
    await calls.once(undefined, async () => String(runs++));
    await calls.once(undefined, async () => String(runs++));
    await expect(calls.once('k', async () => Promise.reject(new Error(String(runs++))))).rejects.toThrow('2');
    expect(await calls.once('k', async () => String(runs++))).toBe('3');
    expect(runs).toBe(4);
  });

  it('forgets the oldest call over the cap, and any call past the TTL', async () => {
    let t = 0;
    const calls = new GuardCalls<number>({ max: 2, ttlMs: 1000 }, () => t);
    await calls.once('a', async () => 1);
    await calls.once('b', async () => 2);
    await calls.once('c', async () => 3);
    expect(await calls.once('a', async () => 10)).toBe(10);
    expect(calls.size).toBe(2);
    t = 5000;
    expect(await calls.once('c', async () => 30)).toBe(30);
    expect(calls.size).toBe(1);
  });

  it('never forgets a call still running (one held for approval), however many others come and however long it waits', async () => {
    let t = 0;
    const calls = new GuardCalls<number>({ max: 2, ttlMs: 1000 }, () => t);
    let runs = 0;
    let approve!: (v: number) => void;
    const held = calls.once('held', () => (runs++, new Promise<number>((r) => (approve = r))));
    for (let k = 0; k < 5; k++) await calls.once(`other-${k}`, async () => k);
    t = 60_000;
    // The runner's re-send of the held call joins it instead of asking a second time.
    const resent = calls.once('held', () => (runs++, Promise.resolve(-1)));
    approve(7);
    expect([await held, await resent, runs]).toEqual([7, 7, 1]);
  });
});
