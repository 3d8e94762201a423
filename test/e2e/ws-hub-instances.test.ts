import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamIn, startStack, TestClient, type Stack } from '../support/index.ts';

let s: Stack;
let admin: string;
let a: { port: number };
let b: { port: number };

beforeAll(async () => {
  const env = { WS_RING_EVENTS: '300' };
  s = await startStack({ services: ['gateway-api', { name: 'ws-hub', id: 'hub-a', env }, { name: 'ws-hub', id: 'hub-b', env }] });
  admin = s.adminKey;
  a = { port: s.port('hub-a') };
  b = { port: s.port('hub-b') };
});

afterAll(async () => {
  await s?.stop();
});

/** Publishes `n` events over three channels of two families, a few at a time, while the test moves the client. */
async function publishSteadily(n: number): Promise<void> {
  const js = jetstreamIn(s.nc);
  for (let i = 0; i < n; i += 10) {
    await Promise.all(
      Array.from({ length: 10 }, (_, k) =>
        js.publish(i + k < n && (i + k) % 3 === 2 ? 'agent.tools.m1' : `agent.output.m${(i + k) % 2}`, JSON.stringify({ i: i + k })),
      ),
    );
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('moving between two live hub instances', () => {
  it('hopping A → B → A while events flow loses and repeats nothing, across two families', async () => {
    const total = 1500;
    const got: number[] = [];
    const first = await TestClient.connect(a.port, admin);
    let cursor: string | undefined = (await first.subscribe(['agent:output:*', 'agent:tools:m1'])).cursor;
    await first.close();
    const publishing = publishSteadily(total);
    for (const [hub, take] of [
      [a, 300],
      [b, 400],
      [a, 300],
      [b, Infinity],
    ] as const) {
      const c = await TestClient.connect(hub.port, admin);
      await c.subscribe(['agent:output:*', 'agent:tools:m1'], cursor);
      await c.until(() => c.events().length >= Math.min(take, total - got.length) || undefined, 20_000, 'events');
      const mine = c.events().slice(0, Math.min(take, c.events().length));
      got.push(...mine.map((e) => (e.data as { i: number }).i));
      cursor = mine.at(-1)?.cursor ?? cursor;
      await c.close();
      if (got.length >= total) break;
    }
    await publishing;
    expect(got).toHaveLength(total);
    expect(new Set(got).size).toBe(total);
    const perChannel = (pred: (i: number) => boolean) => got.filter(pred);
    const sorted = (xs: number[]) => xs.every((v, k) => k === 0 || v > xs[k - 1]);
    expect(sorted(perChannel((i) => i % 3 === 2))).toBe(true);
    expect(sorted(perChannel((i) => i % 3 !== 2 && i % 2 === 0))).toBe(true);
    expect(sorted(perChannel((i) => i % 3 !== 2 && i % 2 === 1))).toBe(true);
  });
});
