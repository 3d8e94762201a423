import { channelToSubject } from '@flywheel/contracts';
import { encodeCursor, maxInto, type Vec } from '../domain/cursor.ts';
import { eventFrame, type HubLog } from '../domain/hub-log.ts';
import type { EventInput } from '../domain/event-input.ts';
import type { Connection } from './connection.ts';
import type { StreamReplay } from './stream-replay.ts';

export interface CatchUpDeps {
  log: HubLog;
  streams: StreamReplay;
  stallMs: number;
  /** Does this connection want (and may it see) this event? */
  wants(conn: Connection, fam: number, channel: string, id: string | undefined, account: string | undefined): boolean;
  /** Called synchronously right after the last replayed event: the connection joins live fan-out. */
  goLive(conn: Connection, done: { replayed: number; cursor: string }): void;
  sent(fam: number, mode: 'replay'): void;
}

export type CatchUpResult =
  | { kind: 'live'; replayed: number; cursor: string; source: 'none' | 'ring' | 'stream' }
  | { kind: 'reset'; oldestAvailable: string; current: string }
  | { kind: 'closed' };

/** One connection's replay: where it is (`pos`, its own cursor) and how much it has been sent. */
class Replay {
  readonly pos: Vec;
  replayed = 0;

  constructor(
    private readonly d: CatchUpDeps,
    readonly conn: Connection,
    start: Vec,
  ) {
    this.pos = [...start];
  }

  /** Sends one event if wanted; `vec` is the position just after it (the cursor it is sent with). */
  send(e: { fam: number; channel: string; id?: string; account?: string; data: string }, vec: Vec): void {
    maxInto(this.pos, vec);
    if (!this.d.wants(this.conn, e.fam, e.channel, e.id, e.account)) return;
    this.conn.sendEvent(Buffer.from(eventFrame(e.channel, encodeCursor(this.pos), e.data, true)));
    this.d.sent(e.fam, 'replay');
    this.replayed++;
  }
}

/**
 * Sends every wanted event after `start` (JetStream for what the ring no longer holds, then the
 * ring), then joins live fan-out in the same tick as the last ring event: no gap, no duplicate.
 * Each replayed event carries the connection's own cursor (componentwise max of what it has seen).
 */
export async function catchUp(d: CatchUpDeps, conn: Connection, start: Vec, fams: number[]): Promise<CatchUpResult> {
  const r = new Replay(d, conn, start);
  let source: 'none' | 'ring' | 'stream' = 'none';
  if (!(await waitForHub(d.log, r.pos, fams))) {
    const current = encodeCursor(d.log.vec);
    return { kind: 'reset', oldestAvailable: current, current };
  }
  for (;;) {
    if (conn.closed) return { kind: 'closed' };
    if (!d.log.covers(r.pos, fams)) {
      source = 'stream';
      const out = await streamPhase(d, r, fams);
      if (out) return out;
      continue;
    }
    if (source === 'none') source = 'ring';
    if (ringPhase(d, r, fams)) {
      const cursor = encodeCursor(maxInto(r.pos, d.log.vec));
      conn.lastCursor = cursor;
      d.goLive(conn, { replayed: r.replayed, cursor });
      return { kind: 'live', replayed: r.replayed, cursor, source: r.replayed > 0 ? source : 'none' };
    }
    await conn.drained(d.stallMs);
  }
}

/** Reads from JetStream, family by family, up to where the ring takes over; a result ends the catch-up. */
async function streamPhase(d: CatchUpDeps, r: Replay, fams: number[]): Promise<CatchUpResult | undefined> {
  for (const fam of fams.filter((f) => r.pos[f] < d.log.ringFrom[f])) {
    const to = d.log.ringFrom[fam];
    const onEvent = (seq: number, input: EventInput | null) => {
      r.pos[fam] = seq;
      if (input) r.send(input, r.pos);
    };
    const out = await d.streams.replay(fam, r.pos[fam], to, targetOf(r.conn, d.stallMs), onEvent, singleSubject(r.conn, fam));
    if (out.kind === 'closed') return out;
    if (out.kind === 'reset') {
      const oldest = [...r.pos];
      oldest[fam] = out.oldestAvailable;
      return { kind: 'reset', oldestAvailable: encodeCursor(oldest), current: encodeCursor(d.log.vec) };
    }
    r.pos[fam] = Math.max(r.pos[fam], to);
  }
  return undefined;
}

/** Sends ring events after `pos`; true when it reached the end of the ring, false when the queue filled first. */
function ringPhase(d: CatchUpDeps, r: Replay, fams: number[]): boolean {
  for (const e of d.log.after(r.pos, fams)) {
    r.send(e, e.vec);
    if (r.conn.overHighWater) return false;
  }
  return true;
}

/** The NATS subject when the connection watches exactly one concrete channel of `fam`. */
function singleSubject(conn: Connection, fam: number): string | undefined {
  const set = conn.patterns.get(fam);
  if (!set || set.size !== 1) return undefined;
  const [only] = set;
  return only.endsWith(':*') ? undefined : channelToSubject(only);
}

const targetOf = (conn: Connection, stallMs: number) => ({
  get closed() {
    return conn.closed;
  },
  get overHighWater() {
    return conn.overHighWater;
  },
  drained: () => conn.drained(stallMs),
});

/** A cursor from another instance may be a few events ahead of this one: wait (briefly) to catch up. */
async function waitForHub(log: HubLog, pos: Vec, fams: number[]): Promise<boolean> {
  const deadline = Date.now() + 2000;
  const ahead = () => fams.some((f) => pos[f] > log.vec[f]);
  while (ahead() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  return !ahead();
}
