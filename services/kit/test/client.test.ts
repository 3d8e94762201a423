import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, defineRpc } from '@flywheel/contracts';
import { connectNats, isNoResponders, request, rpcClient, serve, type NatsConnection } from '../src/index.ts';
import { startNats, testLogger, type TestNats } from '../src/testing/index.ts';

const check = defineRpc({ subject: 'test.peer.check', request: z.object({ n: z.number() }), reply: z.object({ ok: z.boolean() }), timeoutMs: 300 });

describe('peer calls: no responders, breaker and fail mode over a real nats-server', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  const logger = testLogger();

  beforeAll(async () => {
    nats = await startNats();
    nc = await connectNats({ url: nats.url, name: 'client-test', logger });
  });
  afterAll(async () => {
    await nc.close();
    await nats.stop();
  });

  it('request reports nobody serving the subject as its own UNAVAILABLE', async () => {
    const err = await request(nc, check, { n: 1 }).catch((e) => e);
    expect(err).toMatchObject({ code: 'UNAVAILABLE', details: { reason: 'no_responders' } });
    expect(isNoResponders(err)).toBe(true);
    expect(isNoResponders(new AppError('UNAVAILABLE', 'circuit open'))).toBe(false);
  });

  it('an open gate allows and a closed gate refuses when the peer is absent; throw rethrows', async () => {
    const open = await rpcClient(nc, 'absent-a', { failMode: 'open' })(check, { n: 1 });
    expect(open).toMatchObject({ answered: false, allow: true, error: { code: 'UNAVAILABLE' } });
    const closed = await rpcClient(nc, 'absent-b', { failMode: 'closed' })(check, { n: 1 });
    expect(closed).toMatchObject({ answered: false, allow: false });
    await expect(rpcClient(nc, 'absent-c', { failMode: 'throw' })(check, { n: 1 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('a gate hands back the reply when the peer answers and lets domain errors through', async () => {
    const sub = serve(
      nc,
      check,
      (req) => {
        if (req.n < 0) throw new AppError('BAD_REQUEST', 'negative');
        return { ok: req.n > 0 };
      },
      { logger },
    );
    await nc.flush();
    const call = rpcClient(nc, 'present', { failMode: 'closed' });
    await expect(call(check, { n: 2 })).resolves.toEqual({ answered: true, reply: { ok: true } });
    await expect(call(check, { n: -1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    sub.stop();
  });
});
