import { isWrongRevision, type KV } from './kv.ts';

/** A counter's value after a hit: hits in the current window (this one included) and when the window ends. */
export interface CounterHit {
  total: number;
  resetAt: number;
}

export interface KvCounterOptions {
  /** Fixed windows aligned to the epoch, so every instance agrees on them without talking. */
  windowMs: number;
  /** A counter's local hits are merged into the bucket at most this often, unless a hit needs an exact count. */
  flushMs?: number;
  /** Hits are counted exactly (awaiting the bucket) once a counter is within this share of its limit. */
  exactShare?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
}

/** Counts hits per key and window across every instance that shares the bucket. */
export interface KvCounter {
  hit(key: string, limit: number): CounterHit | Promise<CounterHit>;
  /** The current estimate without counting. */
  peek(key: string): CounterHit;
  /** Takes back one local hit not yet merged (a hit that should not have counted). */
  unhit(key: string): void;
  reset(key: string): Promise<void>;
  /** Merges what is still local and stops the timers. */
  stop(): Promise<void>;
}

interface Waiter {
  ordinal: number;
  resolve(total: number): void;
  reject(err: unknown): void;
}

interface Slot {
  window: number;
  /** The bucket's total as last seen (it only grows within a window). */
  known: number;
  /** Hits counted here but not yet merged. */
  pending: number;
  /** Hits being merged right now. */
  inflight: number;
  /** The bucket was read at least once in this window. */
  synced: boolean;
  waiters: Waiter[];
  busy: boolean;
  timer?: NodeJS.Timeout;
  lastFlush: number;
}

const encode = (window: number, n: number) => `${window}:${n}`;
const decode = (s: string): { window: number; n: number } => {
  const [w, n] = s.split(':').map(Number);
  return { window: w || 0, n: n || 0 };
};
/** KV keys allow only [-/_=.A-Za-z0-9]; IPv6 addresses and key ids do not always fit. */
const kvKey = (key: string) => `c.${Buffer.from(key).toString('base64url') || '_'}`;

/**
 * A windowed counter shared through a JetStream KV bucket without a round trip per hit: hits are counted
 * locally and merged into the bucket by compare-and-set at most every `flushMs`; a key's first hit in a
 * window, and every hit once the count is within `exactShare` of the limit, waits for the merge and gets
 * its exact position. Far from the limit a count may lag other instances' last `flushMs` of hits.
 */
export function createKvCounter(kv: KV, o: KvCounterOptions): KvCounter {
  const now = o.now ?? Date.now;
  const flushMs = o.flushMs ?? 100;
  const exactShare = o.exactShare ?? 0.2;
  const slots = new Map<string, Slot>();
  const sweep = setInterval(() => forgetPast(), o.windowMs);
  sweep.unref();

  const windowOf = (t: number) => Math.floor(t / o.windowMs);
  const resetAt = (s: Slot) => (s.window + 1) * o.windowMs;

  function slotOf(key: string): Slot {
    const window = windowOf(now());
    let s = slots.get(key);
    if (!s || s.window < window) {
      if (s?.timer) clearTimeout(s.timer);
      s = { window, known: 0, pending: 0, inflight: 0, synced: false, waiters: [], busy: false, lastFlush: 0 };
      slots.set(key, s);
    }
    return s;
  }

  function forgetPast(): void {
    const window = windowOf(now());
    for (const [k, s] of slots) {
      if (s.window >= window || s.busy) continue;
      if (s.timer) clearTimeout(s.timer);
      slots.delete(k);
    }
  }

  /** Adds `d` to the bucket's count for `window` by compare-and-set; returns the count before. */
  async function add(key: string, window: number, d: number): Promise<number> {
    for (;;) {
      const e = await kv.get(kvKey(key));
      const live = e && e.operation === 'PUT' ? decode(e.string()) : undefined;
      if (live && live.window > window) return live.n; // another instance's clock is in the next window already
      const before = live?.window === window ? live.n : 0;
      try {
        if (live) await kv.update(kvKey(key), encode(window, before + d), e!.revision);
        else await kv.create(kvKey(key), encode(window, d));
        return before;
      } catch (err) {
        if (!isWrongRevision(err)) throw err;
      }
    }
  }

  /** Merges the local hits once; false when the bucket could not be reached (they stay local). */
  async function mergeOnce(key: string, s: Slot): Promise<boolean> {
    const d = s.pending;
    const waiters = s.waiters.splice(0);
    s.pending = 0;
    s.inflight = d;
    try {
      const before = await add(key, s.window, d);
      s.known = Math.max(s.known, before + d);
      s.synced = true;
      for (const w of waiters) w.resolve(before + w.ordinal);
      return true;
    } catch (err) {
      s.pending += d;
      for (const w of s.waiters) w.ordinal += d;
      for (const w of waiters) w.reject(err);
      o.onError?.(err);
      return false;
    } finally {
      s.inflight = 0;
      s.lastFlush = now();
    }
  }

  /** One merge at a time per counter; hits that arrive meanwhile go in the next one (at once if one waits). */
  async function merge(key: string, s: Slot): Promise<void> {
    if (s.busy) return;
    clearTimeout(s.timer);
    s.timer = undefined;
    s.busy = true;
    try {
      while ((s.pending > 0 || !s.synced) && (await mergeOnce(key, s)) && s.waiters.length > 0);
    } finally {
      s.busy = false;
    }
    if (s.pending > 0) later(key, s);
  }

  function later(key: string, s: Slot): void {
    if (s.timer || s.busy) return;
    s.timer = setTimeout(() => void merge(key, s), Math.max(0, s.lastFlush + flushMs - now()));
    s.timer.unref();
  }

  return {
    hit(key, limit) {
      const s = slotOf(key);
      const ordinal = ++s.pending;
      const estimate = s.known + s.inflight + s.pending;
      const margin = Math.max(1, Math.ceil(limit * exactShare));
      if (s.synced && estimate < limit - margin) {
        later(key, s);
        return { total: estimate, resetAt: resetAt(s) };
      }
      return new Promise<CounterHit>((resolve, reject) => {
        s.waiters.push({ ordinal, resolve: (total) => resolve({ total, resetAt: resetAt(s) }), reject });
        void merge(key, s);
      });
    },
    peek(key) {
      const s = slotOf(key);
      return { total: s.known + s.inflight + s.pending, resetAt: resetAt(s) };
    },
    unhit(key) {
      const s = slots.get(key);
      if (s && s.pending > 0) s.pending--;
    },
    async reset(key) {
      slots.delete(key);
      await kv.delete(kvKey(key));
    },
    async stop() {
      clearInterval(sweep);
      await Promise.all([...slots].filter(([, s]) => s.pending > 0 && !s.busy).map(([k, s]) => merge(k, s)));
      for (const s of slots.values()) if (s.timer) clearTimeout(s.timer);
    },
  };
}
