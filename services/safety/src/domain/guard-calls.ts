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
  /** Calls still running (held for approval too): never evicted, as a re-send must join them; they end by themselves. */
  private readonly running = new Map<string, Promise<R>>();
  /** Answered calls, by when they were answered: capped and aged out. */
  private readonly answered = new Map<string, { at: number; reply: Promise<R> }>();

  constructor(
    private readonly limits: GuardCallLimits = { max: 10_000, ttlMs: 10 * 60_000 },
    private readonly now: () => number = Date.now,
  ) {}

  /** `run()` once per key (none: every time); a call that failed is forgotten, so a re-send runs it again. */
  once(key: string | undefined, run: () => Promise<R>): Promise<R> {
    if (key === undefined) return run();
    this.evict();
    const hit = this.running.get(key) ?? this.answered.get(key)?.reply;
    if (hit) return hit;
    const reply = run();
    this.running.set(key, reply);
    reply.then(
      () => {
        this.running.delete(key);
        this.answered.set(key, { at: this.now(), reply });
      },
      () => this.running.delete(key),
    );
    return reply;
  }

  get size(): number {
    return this.running.size + this.answered.size;
  }

  /** Answered calls, oldest first (a Map keeps insertion order): over the cap or past the TTL. */
  private evict(): void {
    const t = this.now();
    for (const [key, c] of this.answered) {
      if (this.answered.size < this.limits.max && t - c.at < this.limits.ttlMs) return;
      this.answered.delete(key);
    }
  }
}
