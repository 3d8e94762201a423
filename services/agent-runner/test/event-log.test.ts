import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STREAMS } from '@flywheel/contracts';
import { connectNats, DurablePublisher, ensureStreams, openDb, type NatsConnection } from '@flywheel/kit';
import { startNats, testLogger, type TestNats } from '@flywheel/kit/testing';
import * as schema from '../src/db/schema.ts';
import { createAgentRepo } from '../src/db/agent-repo.ts';
import { createEventRepo } from '../src/db/event-repo.ts';
import { createEventLog } from '../src/runtime/event-log.ts';

describe('event log', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  beforeAll(async () => {
    nats = await startNats();
    nc = await connectNats({ url: nats.url, name: 't', logger: testLogger() });
    await ensureStreams(nc, ALL_STREAMS, testLogger());
  });
  afterAll(async () => {
    await nc.drain();
    await nats.stop();
  });

  it('stores the agent’s own usage event before its usage record is published (a kill -9 cannot leave cost ahead of the agent’s history)', async () => {
    const db = openDb(':memory:', { schema, migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)) });
    const events = createEventRepo(db);
    const durable = new DurablePublisher(nc, { logger: testLogger() });
    const log = createEventLog({ agents: createAgentRepo(db), events, durable, logger: testLogger() });
    const usage = { inputTokens: 10, outputTokens: 2, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 };
    log.append('agt_evlog1', { type: 'usage', messageId: 'msg_evlog_1', model: 'claude-sonnet-4-5', usage });
    log.usage({ messageId: 'msg_evlog_1', agentId: 'agt_evlog1', model: 'claude-sonnet-4-5', usage, ts: new Date().toISOString() });
    // Same tick: the record is on its way to the broker, and the event is already stored.
    expect(events.maxSeq('agt_evlog1')).toBe(1);
    await durable.close(5000);
    expect(durable.size).toBe(0);
    db.$client.close();
  });
});
