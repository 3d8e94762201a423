import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishMany, startStack, TestClient, type Stack } from '../support/index.ts';

let s: Stack;
let admin: string;
let port: number;

/** The hub as a process on the same port and data dir each time. */
const launch = () => s.restart('ws-hub');
const kill9 = () => s.kill('ws-hub');

beforeAll(async () => {
  s = await startStack({ services: ['gateway-api', { name: 'ws-hub', mode: 'process' }] });
  admin = s.adminKey;
  port = s.port('ws-hub');
});

afterAll(async () => {
  await s?.stop();
});

describe('ws-hub after kill -9', () => {
  it('replays exactly the 1,000 events missed across a hard restart, then live', async () => {
    const c1 = await TestClient.connect(port, admin);
    await c1.subscribe(['agent:output:*']);
    await publishMany(s.nc, 'agent.output.k1', 5);
    await c1.until(() => c1.events().length === 5, 10_000, 'live events');
    const cursor = c1.events()[4].cursor;
    await kill9();
    await c1.until(() => c1.closeCode, 5000, 'socket closed by the dead hub');
    await publishMany(s.nc, 'agent.output.k1', 1000, 5);
    await launch();
    const c2 = await TestClient.connect(port, admin);
    const sub = await c2.subscribe(['agent:output:*'], cursor);
    expect(sub.replayed).toBe(1000);
    await publishMany(s.nc, 'agent.output.k1', 3, 1005);
    await c2.until(() => c2.events().length === 1003, 10_000, 'live after replay');
    const got = c2.events().map((e) => (e.data as { i: number }).i);
    expect(got).toEqual(Array.from({ length: 1003 }, (_, k) => 5 + k));
    await c2.close();
  });
});
