import { auditRecordEvent, AuditRecord, OPS_STREAM } from '@flywheel/contracts';
import { consumeDurable, Counter, type DurablePublisher, type Logger, type NatsConnection, type Registry } from '@flywheel/kit';
import type { AuditRepo } from '../db/audit-repo.ts';

const DAY_MS = 86_400_000;

export interface AuditTrailDeps {
  nc: NatsConnection;
  durable: DurablePublisher;
  repo: AuditRepo;
  logger: Logger;
  registry: Registry;
  /** Durable consumer of this instance's copy (one per gateway database). */
  consumerName: string;
  retentionDays: number;
}

/**
 * The audit log across gateway instances: a record is kept here at once and published on `ops.audit`
 * (JetStream, its id as Nats-Msg-Id); every instance's own consumer copies every record into its database.
 */
export function startAuditTrail(d: AuditTrailDeps) {
  const log = d.logger.child({ mod: 'audit' });
  const recorded = new Counter({
    name: 'audit_records_total',
    help: 'Audit records written by this instance, by event',
    labelNames: ['event'],
    registers: [d.registry],
  });
  const consumer = consumeDurable(d.nc, {
    stream: OPS_STREAM.name,
    durable: d.consumerName,
    filterSubject: auditRecordEvent.subject,
    schema: AuditRecord,
    logger: d.logger,
    inactiveThresholdMs: 7 * DAY_MS,
    handler: (r) => void d.repo.insert(r),
  });
  const prune = () => d.repo.prune(new Date(Date.now() - d.retentionDays * DAY_MS));
  const pruner = setInterval(prune, 3_600_000);
  pruner.unref();
  prune();
  return {
    record(r: AuditRecord): void {
      recorded.inc({ event: r.event });
      d.repo.insert(r);
      d.durable.publish(auditRecordEvent, [], r, r.id).catch((err: Error) => log.error({ err: err.message, id: r.id }, 'audit record not published'));
    },
    async stop(): Promise<void> {
      clearInterval(pruner);
      await consumer.stop();
    },
  };
}
export type AuditTrail = ReturnType<typeof startAuditTrail>;
