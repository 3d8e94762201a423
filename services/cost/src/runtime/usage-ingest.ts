/**
 * Usage records → priced rows, exactly once in effect: the insert is keyed by the provider's
 * message id (ON CONFLICT DO NOTHING) and the rollup, budget spend, alerts and outbox change in
 * the same transaction, so a redelivery after a crash before the ack changes nothing.
 * A batch is one transaction (commits dominate the cost of a record).
 */
import { isAppError, type UsageRecord } from '@flywheel/contracts';
import type { Logger } from '@flywheel/kit';
import { compareReportedCost, priceRecord, type RateCardBook, type StoredCostRecord } from '../domain/index.ts';
import type { UsageRepo } from '../db/usage-repo.ts';
import type { BudgetTracker } from './budget-tracker.ts';

export interface IngestDeps {
  writer: UsageRepo;
  book: RateCardBook;
  budgets: BudgetTracker;
  transaction: <T>(fn: () => T) => T;
  now: () => number;
  logger: Logger;
  /** After the commit, for each record that was new. */
  onStored: (r: StoredCostRecord) => void;
  /** After each committed batch (publishes what budgets put in the outbox). */
  afterCommit: () => void;
}

export interface IngestOutcome {
  stored: number;
  duplicates: number;
  rejected: number;
}

/** Returns the batch handler; throws (→ redelivery of the batch) only when the store fails. */
export function usageIngest(d: IngestDeps): (recs: readonly UsageRecord[]) => IngestOutcome {
  return (recs) => {
    const observedAt = d.now();
    const priced = recs.flatMap((rec) => {
      const p = price(d, rec);
      return p ? [{ rec, stored: p }] : [];
    });
    let fresh: StoredCostRecord[];
    try {
      fresh = d.transaction(() =>
        priced
          .filter(({ rec, stored }) => {
            if (!d.writer.insert(stored)) return false;
            if (stored.reportedCostScope === 'turn' && rec.reportedCostUsd !== undefined) settleTurn(d.writer, stored, rec.reportedCostUsd);
            d.budgets.onRecord(stored, observedAt);
            return true;
          })
          .map((p) => p.stored),
      );
    } catch (err) {
      d.budgets.resync();
      throw err;
    }
    fresh.forEach(d.onStored);
    if (fresh.length) d.afterCommit();
    return { stored: fresh.length, duplicates: priced.length - fresh.length, rejected: recs.length - priced.length };
  };
}

/** A record that cannot be priced never will be: it is logged and dropped, not redelivered forever. */
function price(d: IngestDeps, rec: UsageRecord): StoredCostRecord | null {
  try {
    return priceRecord(d.book.at(Date.parse(rec.ts)), rec);
  } catch (err) {
    if (!isAppError(err) || err.code !== 'BAD_REQUEST') throw err;
    d.logger.warn({ messageId: rec.messageId, err: err.message }, 'usage record rejected');
    return null;
  }
}

/** A turn-scoped report covers the agent's records of this model since its previous turn report. */
function settleTurn(w: UsageRepo, r: StoredCostRecord, reportedUsd: number): void {
  const after = w.previousTurnEnd(r.agentId, r.model, r.tsMs);
  const turn = w.turnCost(r.agentId, r.model, after, r.tsMs);
  r.divergent = compareReportedCost(turn.costMicros, reportedUsd, turn.records).divergent;
  if (r.divergent) w.setDivergent(r.messageId, true);
}
