/** Wires the usage consumer to the ingest transaction, the live ticks and the consumption metric. */
import { USAGE_STREAM, UsageRecord } from '@flywheel/contracts';
import { consumeDurableBatches, Counter, type NatsConnection, type Registry } from '@flywheel/kit';
import type { CostContext } from './cost-context.ts';
import { tickAccumulator } from './tick-publisher.ts';
import { usageIngest } from './usage-ingest.ts';

export interface IngestSettings {
  maxBatch: number;
  ackWaitMs: number;
  tickMs: number;
}

export function startIngest(nc: NatsConnection, c: CostContext, transaction: <T>(fn: () => T) => T, registry: Registry, s: IngestSettings) {
  const ticks = tickAccumulator(nc, s.tickMs);
  const consumed = new Counter({
    name: 'cost_usage_records_total',
    help: 'Usage records consumed',
    labelNames: ['outcome', 'redelivered'],
    registers: [registry],
  });
  const ingest = usageIngest({
    writer: c.usage,
    book: c.book,
    budgets: c.tracker,
    transaction,
    now: c.now,
    logger: c.logger,
    onStored: ticks.add,
    afterCommit: c.flushOutbox,
  });
  const consumer = consumeDurableBatches(nc, {
    stream: USAGE_STREAM.name,
    durable: 'cost',
    filterSubject: 'usage.*',
    schema: UsageRecord,
    logger: c.logger,
    maxBatch: s.maxBatch,
    ackWaitMs: s.ackWaitMs,
    handler: (items) => {
      const out = ingest(items.map((i) => i.payload));
      const redelivered = items.some((i) => i.redelivered) ? 'yes' : 'no';
      for (const outcome of ['stored', 'duplicates', 'rejected'] as const) if (out[outcome]) consumed.inc({ outcome, redelivered }, out[outcome]);
    },
  });
  const timer = setInterval(() => ticks.flush(), s.tickMs);
  return {
    async stop() {
      clearInterval(timer);
      await consumer.stop();
    },
  };
}
