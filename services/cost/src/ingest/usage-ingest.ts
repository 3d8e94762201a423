/**
 * Usage records → priced rows, exactly once in effect: the insert is keyed by the provider's
 * message id (ON CONFLICT DO NOTHING) and the rollup, budget spend, alerts and outbox change in
 * the same transaction, so a redelivery after a crash before the ack changes nothing.
 */
import type { UsageRecord } from '@flywheel/contracts';
import { compareReportedCost, priceRecord, type RateCardBook, type StoredCostRecord } from '../domain/index.ts';
import type { UsageWriter } from '../db/usage-repo.ts';
import type { BudgetTracker } from '../budgets/budget-tracker.ts';

export interface IngestDeps {
  writer: UsageWriter;
  book: RateCardBook;
  budgets: BudgetTracker;
  transaction: <T>(fn: () => T) => T;
  now: () => number;
  /** After a commit that stored something new. */
  onStored: (r: StoredCostRecord) => void;
}

/** Returns the handler for one usage record; throws (→ redelivery) only when the store fails. */
export function usageIngest(d: IngestDeps): (rec: UsageRecord) => boolean {
  return (rec) => {
    const observedAt = d.now();
    const stored = priceRecord(d.book.at(Date.parse(rec.ts)), rec);
    let inserted = false;
    try {
      inserted = d.transaction(() => {
        if (!d.writer.insert(stored)) return false;
        if (stored.reportedCostScope === 'turn' && stored.reportedCostMicros !== undefined && rec.reportedCostUsd !== undefined) settleTurn(d.writer, stored, rec.reportedCostUsd);
        d.budgets.onRecord(stored, observedAt);
        return true;
      });
    } catch (err) {
      d.budgets.resync();
      throw err;
    }
    if (inserted) d.onStored(stored);
    return inserted;
  };
}

/** A turn-scoped report covers the agent's records of this model since its previous turn report. */
function settleTurn(w: UsageWriter, r: StoredCostRecord, reportedUsd: number): void {
  const after = w.previousTurnEnd(r.agentId, r.model, r.tsMs);
  const turn = w.turnCost(r.agentId, r.model, after, r.tsMs);
  const divergent = compareReportedCost(turn.costMicros, reportedUsd, turn.records).divergent;
  r.divergent = divergent;
  if (divergent) w.setDivergent(r.messageId, true);
}
