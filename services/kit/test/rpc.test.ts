import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, defineRpc } from '@flywheel/contracts';
import { connectNats, request, serve, type NatsConnection } from '../src/index.ts';
import { startNats, testLogger, type TestNats } from '../src/testing/index.ts';

const echo = defineRpc({
  subject: 'test.echo',
  request: z.object({ n: z.number().int() }),
  reply: z.object({ n: z.number(), requestId: z.string().optional() }),
  timeoutMs: 500,
});

describe('request / serve over a real nats-server', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  const logger = testLogger();

  beforeAll(async () => {
    nats = await startNats();
    nc = await connectNats({ url: nats.url, name: 'rpc-test', logger });
    serve(
      nc,
      echo,
      (req, ctx) => {
        if (req.n === 404) throw new AppError('NOT_FOUND', 'no such n');
        if (req.n === 500) throw new Error('boom with secrets');
        return { n: req.n * 2, requestId: ctx.requestId };
      },
      { logger },
    );
  });
  afterAll(async () => {
    await nc.close();
    await nats.stop();
  });

  it('answers a valid request and carries the request id', async () => {
    await expect(request(nc, echo, { n: 21 }, { requestId: 'req-1' })).resolves.toEqual({ n: 42, requestId: 'req-1' });
  });

  it('answers a malformed request with BAD_REQUEST naming the field, and keeps serving', async () => {
    const err = await request(nc, echo, { n: 'x' } as never).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toContain('n');
    await expect(request(nc, echo, { n: 1 })).resolves.toMatchObject({ n: 2 });
  });

  it('passes domain errors through with their code', async () => {
    await expect(request(nc, echo, { n: 404 })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'no such n' });
  });

  it('turns a crash into INTERNAL without leaking the message', async () => {
    await expect(request(nc, echo, { n: 500 })).rejects.toMatchObject({ code: 'INTERNAL', message: 'internal error' });
  });

  it('reports UNAVAILABLE when nobody serves the subject', async () => {
    await expect(request(nc, echo, { n: 1 }, { subject: 'test.nobody' })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
