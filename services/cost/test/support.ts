/** Component-test support: a real nats-server, the cost service in-process, a durable publisher. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usageRecordEvent, type UsageRecord } from '@flywheel/contracts';
import { connectNats, DurablePublisher, ensureStreams, request, startService, type NatsConnection, type RunningService } from '@flywheel/kit';
import { startNats, testLogger, type TestNats } from '@flywheel/kit/testing';
import { ALL_STREAMS } from '@flywheel/contracts';
import { CostDefinition } from '../src/service.ts';

export interface CostHarness {
  nats: TestNats;
  nc: NatsConnection;
  dir: string;
  env: Record<string, string>;
  cost: RunningService;
  pub: DurablePublisher;
  publish(rec: UsageRecord): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startCostHarness(extraEnv: Record<string, string> = {}): Promise<CostHarness> {
  const logger = testLogger();
  const nats = await startNats();
  const dir = mkdtempSync(join(tmpdir(), 'fw-cost-'));
  const env = {
    NATS_URL: nats.url,
    DATA_DIR: dir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    BUDGET_TIMER_MS: '200',
    COST_TICK_MS: '200',
    ...extraEnv,
  };
  const nc = await connectNats({ url: nats.url, name: 'cost-test', logger });
  await ensureStreams(nc, ALL_STREAMS, logger);
  const cost = await startService(CostDefinition, env);
  const pub = new DurablePublisher(nc, { logger });
  return {
    nats,
    nc,
    dir,
    env,
    cost,
    pub,
    publish: (rec) => pub.publish(usageRecordEvent, [rec.agentId], rec, rec.messageId),
    async stop() {
      await pub.close(1000);
      await cost.stop();
      await nc.drain().catch(() => undefined);
      await nats.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { request };
export { usage } from '../src/testing/usage-fixture.ts';
