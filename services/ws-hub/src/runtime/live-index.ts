import type { Connection } from './connection.ts';

/** Which live connections watch which pattern: one lookup per event, not one scan per client. */
export class LiveIndex {
  private readonly byPattern = new Map<string, Set<Connection>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(conn: Connection, pattern: string): void {
    let set = this.byPattern.get(pattern);
    if (!set) this.byPattern.set(pattern, (set = new Set()));
    if (!set.has(conn)) {
      set.add(conn);
      this.count++;
    }
  }

  remove(conn: Connection, pattern: string): void {
    const set = this.byPattern.get(pattern);
    if (!set?.delete(conn)) return;
    this.count--;
    if (set.size === 0) this.byPattern.delete(pattern);
  }

  removeAll(conn: Connection): void {
    for (const set of conn.patterns.values()) for (const p of set) this.remove(conn, p);
  }

  /** Calls `fn` once per connection watching `channel` directly or through `wildcard`. */
  forEach(channel: string, wildcard: string | undefined, fn: (c: Connection) => void): void {
    const wild = wildcard ? this.byPattern.get(wildcard) : undefined;
    const exact = this.byPattern.get(channel);
    if (wild) for (const c of wild) fn(c);
    if (exact) for (const c of exact) if (!wild?.has(c)) fn(c);
  }
}
