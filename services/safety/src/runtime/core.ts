import { dcgEvent, type DcgDecision, type DcgException } from '@flywheel/contracts';
import type { DurablePublisher, Logger } from '@flywheel/kit';
import type { SafetyDb } from '../db/types.ts';
import type { Policy } from './policy.ts';
import type { ApprovalWaiters } from './waiters.ts';
import type { SafetyMetrics } from './safety-metrics.ts';

/** Everything the safety handlers share, passed in by closure from service.ts. */
export interface SafetyCore {
  db: SafetyDb;
  policy: Policy;
  waiters: ApprovalWaiters;
  metrics: SafetyMetrics;
  durable: DurablePublisher;
  logger: Logger;
  approvalTimeoutMs: number;
  exceptionTtlMs: number;
  failMode: 'open' | 'closed';
}

/** Durable publish on system.dcg without holding the caller; the publisher retries until acked. */
export function publishDecision(core: SafetyCore, decision: DcgDecision): void {
  core.durable.publish(dcgEvent, [], { type: 'decision', decision }, decision.id).catch((err: Error) => core.logger.warn({ err: err.message }, 'dcg decision not published'));
}

export function publishException(core: SafetyCore, exception: DcgException): void {
  const msgId = `${exception.id}:${exception.status}`;
  core.durable.publish(dcgEvent, [], { type: 'exception', exception }, msgId).catch((err: Error) => core.logger.warn({ err: err.message }, 'dcg exception not published'));
}
