import type { StoredException } from '../domain/stored-exception.ts';
import type { SafetyDb } from '../db/safety-db.ts';
import { createExceptionsRepo, type ExceptionsRepo } from '../db/exceptions-repo.ts';

const POLL_MS = 1000;

/**
 * Tool calls held for a human. The settled state lives in SQLite (shared by every instance); a
 * settled-exception event on NATS wakes the holder at once, a 1 s poll covers a lost notification,
 * and the holder's own timeout expires the exception (compare-and-set, so approve and expiry never both win).
 */
export class ApprovalWaiters {
  private readonly waiting = new Map<string, () => void>();
  private readonly exceptions: ExceptionsRepo;

  constructor(db: SafetyDb) {
    this.exceptions = createExceptionsRepo(db);
  }

  get size(): number {
    return this.waiting.size;
  }

  /** Resolves with the settled row: approved, denied, or expired after timeoutMs. */
  wait(id: string, timeoutMs: number, onExpire: (row: StoredException) => void): Promise<StoredException> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (row: StoredException) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearInterval(poll);
        this.waiting.delete(id);
        resolve(row);
      };
      const check = () => {
        const row = this.exceptions.get(id);
        if (row && row.status !== 'pending') finish(row);
      };
      const timer = setTimeout(() => {
        if (this.exceptions.settle(id, { status: 'expired', decidedBy: 'timeout' })) onExpire(this.exceptions.get(id)!);
        check();
      }, timeoutMs);
      const poll = setInterval(check, POLL_MS);
      this.waiting.set(id, check);
      check();
    });
  }

  /** Called for every settled-exception notification (from any instance). */
  notify(id: string): void {
    this.waiting.get(id)?.();
  }

  /** On shutdown: expire everything held here so callers get a deny rather than silence. */
  expireAll(): void {
    for (const [id, check] of this.waiting) {
      this.exceptions.settle(id, { status: 'expired', decidedBy: 'shutdown' });
      check();
    }
  }
}
