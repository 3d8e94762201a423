/**
 * Live budget accounting. Each budget's period spend is kept in memory (loaded from the records
 * when a period starts, then added to by ingest in the same transaction as the record), so a
 * crossing is decided in the ingest path without a query. Rolling windows are re-summed instead.
 */
import {
  currentPeriod,
  evaluateBudget,
  inScope,
  microsToUsd,
  type BudgetDef,
  type ScopeSubject,
  type StoredCostRecord,
  type Tracked,
} from '../domain/index.ts';
import { setPaused, softAlert, thresholdAlert, type ActionDeps } from './budget-actions.ts';

export interface TrackerDeps extends ActionDeps {
  transaction: <T>(fn: () => T) => T;
}

const isRolling = (t: Tracked) => t.period.resetsAt === null;
const windowMs = (t: Tracked) => t.period.end.getTime() - t.period.start.getTime();
const FAR = 8.64e15;

export class BudgetTracker {
  private readonly tracked = new Map<string, Tracked>();

  constructor(private readonly d: TrackerDeps) {}

  /** Loads every budget and settles it (catches a crossing a crash left unannounced). */
  load(defs: readonly BudgetDef[]): void {
    this.tracked.clear();
    this.d.transaction(() => defs.forEach((def) => this.settle(this.track(def), this.d.now())));
  }

  /** Re-reads spend and state from the store (after a rolled-back ingest or a re-pricing) and settles. */
  resync(): void {
    this.d.transaction(() => {
      for (const t of this.tracked.values()) {
        Object.assign(t, this.d.budgets.state(t.def.id));
        this.reload(t);
        this.settle(t, this.d.now());
      }
    });
  }

  /** Called inside the ingest transaction for each new record. */
  onRecord(r: StoredCostRecord, observedAt: number): void {
    for (const t of this.tracked.values()) {
      if (!inScope(t.def.scope, r)) continue;
      const now = this.d.now();
      if (isRolling(t)) {
        // Added as it comes; what slides out of the window is dropped by the timer's re-sum.
        if (r.tsMs < now - windowMs(t)) continue;
        t.spent += r.costMicros;
      } else if (now >= t.period.end.getTime()) this.reload(t);
      else if (r.tsMs >= t.period.start.getTime() && r.tsMs < t.period.end.getTime()) t.spent += r.costMicros;
      else continue;
      this.settle(t, observedAt);
    }
  }

  /** The timer: period resets and sliding windows. */
  tick(): void {
    const now = this.d.now();
    const due = [...this.tracked.values()].filter((t) => isRolling(t) || now >= t.period.end.getTime());
    if (due.length) this.d.transaction(() => due.forEach((t) => (this.reload(t), this.settle(t, now))));
  }

  /** Create or update: re-tracks with the new limits and settles (a raise resumes, a cut may pause). */
  upsert(def: BudgetDef): Tracked {
    return this.d.transaction(() => {
      const t = this.track(def);
      this.settle(t, this.d.now());
      return t;
    });
  }

  remove(id: string): void {
    const t = this.tracked.get(id);
    if (!t) return;
    this.d.transaction(() => {
      if (t.paused) setPaused(this.d, t, false, this.d.now(), 'budget deleted');
    });
    this.tracked.delete(id);
  }

  get(id: string): Tracked | undefined {
    return this.tracked.get(id);
  }

  /** The first paused budget whose scope covers the subject, if any. */
  blocking(subject: ScopeSubject): Tracked | undefined {
    return [...this.tracked.values()].find((t) => t.paused && inScope(t.def.scope, subject));
  }

  private track(def: BudgetDef): Tracked {
    const state = this.d.budgets.state(def.id);
    const t: Tracked = { def, period: currentPeriod(def, this.d.now()), periodStart: '', spent: 0, marks: new Set(), paused: state.paused, epoch: state.epoch };
    this.tracked.set(def.id, t);
    this.reload(t);
    return t;
  }

  private reload(t: Tracked): void {
    t.period = currentPeriod(t.def, this.d.now());
    // A rolling window's alerts are keyed by its budget's creation: they do not repeat as it slides.
    t.periodStart = isRolling(t) ? t.def.createdAt : t.period.start.toISOString();
    t.spent = isRolling(t) ? this.windowSpend(t) : this.d.spend.spend(t.def.scope, t.period.start.getTime(), t.period.end.getTime());
    t.marks = new Set(this.d.alerts.marks(t.def.id, t.periodStart).map((m) => `${m.kind}:${m.mark}`));
  }

  private windowSpend(t: Tracked): number {
    return this.d.spend.spend(t.def.scope, this.d.now() - windowMs(t), FAR);
  }

  private settle(t: Tracked, at: number): void {
    const ev = evaluateBudget(
      { max_budget: t.def.max_budget, soft_budget: t.def.soft_budget, thresholds: t.def.thresholds, budget_duration: t.def.budget_duration },
      t.spent,
    );
    for (const percent of ev.crossed) thresholdAlert(this.d, t, percent);
    if (ev.overSoft) softAlert(this.d, t);
    const limit = `$${microsToUsd(t.def.max_budget ?? 0)}`;
    if (ev.overHard && t.def.action === 'pause' && !t.paused) setPaused(this.d, t, true, at, `spent $${microsToUsd(t.spent)} of ${limit} this period`);
    else if (t.paused && (!ev.overHard || t.def.action !== 'pause')) setPaused(this.d, t, false, at, `spent $${microsToUsd(t.spent)} of ${limit} this period`);
  }
}
