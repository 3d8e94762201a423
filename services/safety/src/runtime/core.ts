import { dcgEvent, type DcgDecision, type DcgException } from '@flywheel/contracts';
import type { DurablePublisher, Logger } from '@flywheel/kit';
import type { SafetyDb } from '../db/safety-db.ts';
import type { SafetyRepos } from '../db/safety-repos.ts';
import type { Policy } from './policy.ts';
import type { ApprovalWaiters } from './waiters.ts';
import type { SafetyMetrics } from './safety-metrics.ts';
import type { WriteGate } from './write-gate.ts';
import type { PolicySignal } from './policy-signal.ts';

/** Everything the safety handlers share, passed in by closure from service.ts. */
export interface SafetyCore {
  /** For transactions across repositories. */
  db: SafetyDb;
  repos: SafetyRepos;
  policy: Policy;
  /** Tells the gateways' policy replicas that the stored version moved. */
  signal: PolicySignal;
  waiters: ApprovalWaiters;
  metrics: SafetyMetrics;
  durable: DurablePublisher;
  logger: Logger;
  approvalTimeoutMs: number;
  exceptionTtlMs: number;
  failMode: 'open' | 'closed';
  /** Asks coordination whether a write touches another agent's reservation. */
  writeGate?: WriteGate;
}

/**
 * Durable publish on system.dcg without holding the caller; the publisher retries until acked. The
 * x-account-id header names the account, so the hub shows the event to that account (and admins) only.
 */
export function publishDecision(core: SafetyCore, decision: DcgDecision): void {
  core.durable
    .publish(dcgEvent, [], { type: 'decision', decision }, decision.id, { accountId: decision.accountId })
    .catch((err: Error) => core.logger.warn({ err: err.message }, 'dcg decision not published'));
}

export function publishException(core: SafetyCore, exception: DcgException): void {
  // Each approval towards a quorum is its own event (the inbox shows how many are still needed).
  const msgId = `${exception.id}:${exception.status}${exception.approvals?.length ? `:${exception.approvals.length}` : ''}`;
  core.durable
    .publish(dcgEvent, [], { type: 'exception', exception }, msgId, { accountId: exception.accountId })
    .catch((err: Error) => core.logger.warn({ err: err.message }, 'dcg exception not published'));
}
