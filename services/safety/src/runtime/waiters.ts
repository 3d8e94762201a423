import type { SafetyDb } from '../db/types.ts';
import { getException, settleException, type ExceptionRow } from '../db/exceptions-repo.ts';

const POLL_MS = 1000;

/**
 * Tool calls held for a human. The settled state lives in SQLite (shared by every instance); a
 * settled-exception event on NATS wakes the holder at once, a 1 s poll covers a lost notification,
 * and the holder's own timeout expires the exception (compare-and-set, so approve and expiry never both win).
 */
export class ApprovalWaiters {
  private readonly waiting = new Map<string, () => void>();

  constructor(private readonly db: SafetyDb) {}

  get size(): number {
    return this.waiting.size;
  }

  /** Resolves with the settled row: approved, denied, or expired after timeoutMs. */
  wait(id: string, timeoutMs: number, onExpire: (row: ExceptionRow) => void): Promise<ExceptionRow> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (row: ExceptionRow) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearInterval(poll);
        this.waiting.delete(id);
        resolve(row);
      };
      const check = () => {
        const row = getException(this.db, id);
        if (row && row.status !== 'pending') finish(row);
      };
      const timer = setTimeout(() => {
        if (settleException(this.db, id, { status: 'expired', decidedBy: 'timeout' })) onExpire(getException(this.db, id)!);
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
      settleException(this.db, id, { status: 'expired', decidedBy: 'shutdown' });
      check();
    }
  }
}
