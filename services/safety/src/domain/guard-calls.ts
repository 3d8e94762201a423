/** How many guard calls are remembered, and for how long (a re-send comes within the caller's guard timeout). */
export interface GuardCallLimits {
  max: number;
  ttlMs: number;
}

/**
 * Guard calls by the caller's call id, so a re-sent request (its first delivery or its reply lost in a NATS failover)
 * joins the call still running or gets its answer, instead of being evaluated and stored a second time.
 * Per process: a re-send that reaches another safety instance is evaluated there.
 */
export class GuardCalls<R> {
  private readonly calls = new Map<string, { at: number; reply: Promise<R> }>();

  constructor(
    private readonly limits: GuardCallLimits = { max: 10_000, ttlMs: 10 * 60_000 },
    private readonly now: () => number = Date.now,
  ) {}

  /** `run()` once per key (none: every time); a call that failed is forgotten, so a re-send runs it again. */
  once(key: string | undefined, run: () => Promise<R>): Promise<R> {
    if (key === undefined) return run();
    this.evict();
    const hit = this.calls.get(key);
    if (hit) return hit.reply;
    const reply = run();
    this.calls.set(key, { at: this.now(), reply });
    reply.catch(() => this.calls.get(key)?.reply === reply && this.calls.delete(key));
    return reply;
  }

  get size(): number {
    return this.calls.size;
  }

  /** Oldest first (a Map keeps insertion order): over the cap or past the TTL. */
  private evict(): void {
    const t = this.now();
    for (const [key, c] of this.calls) {
      if (this.calls.size < this.limits.max && t - c.at < this.limits.ttlMs) return;
      this.calls.delete(key);
    }
  }
}
