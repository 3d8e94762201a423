import { describe, expect, it } from 'vitest';
import { AppError } from '@flywheel/contracts';
import { Registry } from 'prom-client';
import { createBreaker } from './breaker.ts';

describe('createBreaker', () => {
  it('lets domain errors through without opening the circuit', async () => {
    let calls = 0;
    const call = createBreaker(
      async () => {
        calls++;
        throw new AppError('NOT_FOUND', 'nope');
      },
      { name: 'domain', volumeThreshold: 1, errorThresholdPercentage: 1 },
    );
    for (let i = 0; i < 5; i++) await expect(call()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(calls).toBe(5);
  });

  it('opens on transport failures and answers UNAVAILABLE without calling', async () => {
    let calls = 0;
    const call = createBreaker(
      async () => {
        calls++;
        throw new AppError('UNAVAILABLE', 'down');
      },
      { name: 'peer', volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 },
    );
    await expect(call()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(call()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const before = calls;
    await expect(call()).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('circuit open') });
    expect(calls).toBe(before);
  });

  it('turns a slow call into TIMEOUT', async () => {
    const call = createBreaker(() => new Promise((r) => setTimeout(r, 200)), { name: 'slow', timeoutMs: 20 });
    await expect(call()).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('shows its state as breaker_state (0 closed, 2 open) beside the transitions counter', async () => {
    const registry = new Registry();
    const call = createBreaker(
      async () => {
        throw new AppError('UNAVAILABLE', 'down');
      },
      { name: 'peer-x', volumeThreshold: 1, errorThresholdPercentage: 1, resetTimeoutMs: 60_000, registry },
    );
    const state = async () => (await registry.getSingleMetric('breaker_state')!.get()).values.find((v) => v.labels.breaker === 'peer-x')?.value;
    expect(await state()).toBe(0);
    await expect(call()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(await state()).toBe(2);
    const opened = (await registry.getSingleMetric('breaker_transitions_total')!.get()).values.find((v) => v.labels.state === 'open');
    expect(opened).toMatchObject({ value: 1, labels: { breaker: 'peer-x' } });
  });
});
