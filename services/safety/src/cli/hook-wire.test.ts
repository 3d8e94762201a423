import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuardReply, guardRpc } from '@flywheel/contracts';
import { connectNats, serve, type NatsConnection } from '@flywheel/kit';
import { freePort, startNats, testLogger, type TestNats } from '@flywheel/kit/testing';
import { askService, WireGuardReply } from './remote.ts';
import { wireRequest } from './nats-wire.ts';

describe('the hook wire path (raw NATS protocol, zod/mini)', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  beforeAll(async () => {
    nats = await startNats();
    nc = await connectNats({ url: nats.url, name: 'wire-test', logger: testLogger() });
  });
  afterAll(async () => {
    await nc.drain();
    await nats.stop();
  });

  it('accepts exactly what the GuardReply contract accepts', () => {
    const full = { decision: 'deny', reason: 'r', ruleId: 'core.git:reset-hard', shortCode: 'ABC234', decisionId: 'dcd_1', warning: 'w' };
    expect(WireGuardReply.parse(full)).toEqual(GuardReply.parse(full));
    expect(Object.keys(WireGuardReply.def.shape).sort()).toEqual(Object.keys(GuardReply.shape).sort());
    expect(() => WireGuardReply.parse({ decision: 'ask' })).toThrow();
  });

  it('asks a kit-served guard over the raw protocol and parses its envelope', async () => {
    const sub = serve(nc, guardRpc, (req) => ({ decision: 'deny' as const, reason: `no ${JSON.stringify(req.input)} ü`, ruleId: 'x:y' }), {
      logger: testLogger(),
    });
    await nc.flush();
    const reply = await askService(nats.url, { agentId: 'a1', tool: 'Bash', input: { command: 'git reset --hard' }, wait: false, source: 'hook' }, 2000);
    expect(reply).toEqual({ decision: 'deny', reason: 'no {"command":"git reset --hard"} ü', ruleId: 'x:y' });
    sub.stop();
  });

  it('asks in the namespace it is given (FLYWHEEL_NAMESPACE) and hears nothing from another one', async () => {
    const other = await connectNats({ url: nats.url, name: 'wire-test-b', logger: testLogger(), namespace: 'team-b' });
    const sub = serve(other, guardRpc, () => ({ decision: 'allow' as const, reason: 'team-b' }), { logger: testLogger() });
    await other.flush();
    const req = { agentId: 'a1', tool: 'Bash', input: { command: 'ls' }, wait: false, source: 'hook' as const };
    expect(await askService(nats.url, req, 2000, 'team-b')).toEqual({ decision: 'allow', reason: 'team-b' });
    expect(await askService(nats.url, req, 2000)).toBeUndefined();
    sub.stop();
    await other.drain();
  });

  it('answers undefined at once when nobody serves the subject, and when nothing listens', async () => {
    const t0 = Date.now();
    expect(await wireRequest(nats.url, 'svc.nobody.here', '{}', 5000)).toBeUndefined();
    expect(Date.now() - t0).toBeLessThan(4000);
    expect(await wireRequest(`nats://127.0.0.1:${await freePort()}`, 'x', '{}', 1000)).toBeUndefined();
    expect(await wireRequest('nats://u:p@127.0.0.1:1', 'x', '{}', 1000)).toBe('unsupported');
  });
});
