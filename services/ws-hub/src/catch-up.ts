import { CHANNEL_FAMILIES } from '@flywheel/contracts';
import type { Connection } from './connection.ts';
import { encodeCursor, maxInto, type Vec } from './domain/cursor.ts';
import { eventFrame, type HubLog } from './domain/hub-log.ts';
import type { EventInput } from './domain/event-input.ts';
import type { StreamReplay } from './stream-replay.ts';

export interface CatchUpDeps {
  log: HubLog;
  streams: StreamReplay;
  stallMs: number;
  /** Does this connection want (and may it see) this event? */
  wants(conn: Connection, fam: number, channel: string, id: string | undefined): boolean;
  /** Called synchronously right after the last replayed event: the connection joins live fan-out. */
  goLive(conn: Connection): void;
  sent(fam: number, mode: 'replay'): void;
}

export type CatchUpResult =
  | { kind: 'live'; replayed: number; cursor: string; source: 'none' | 'ring' | 'stream' }
  | { kind: 'reset'; oldestAvailable: string; current: string }
  | { kind: 'closed' };

/**
 * Sends every wanted event after `start` (JetStream for what the ring no longer holds, then the
 * ring), then joins live fan-out in the same tick as the last ring event: no gap, no duplicate.
 * Each replayed event carries the connection's own cursor (componentwise max of what it has seen).
 */
export async function catchUp(d: CatchUpDeps, conn: Connection, start: Vec, fams: number[]): Promise<CatchUpResult> {
  const pos = [...start];
  let replayed = 0;
  let source: 'none' | 'ring' | 'stream' = 'none';
  const send = (fam: number, channel: string, id: string | undefined, data: string, vec: Vec) => {
    maxInto(pos, vec);
    if (!d.wants(conn, fam, channel, id)) return;
    conn.sendRaw(eventFrame(channel, encodeCursor(pos), data, true));
    d.sent(fam, 'replay');
    replayed++;
  };
  if (!(await waitForHub(d.log, pos, fams))) {
    const current = encodeCursor(d.log.vec);
    return { kind: 'reset', oldestAvailable: current, current };
  }
  for (;;) {
    if (conn.closed) return { kind: 'closed' };
    if (!d.log.covers(pos, fams)) {
      source = 'stream';
      for (const fam of fams.filter((f) => pos[f] < d.log.ringFrom[f])) {
        const to = d.log.ringFrom[fam];
        const onEvent = (seq: number, input: EventInput | null) => {
          pos[fam] = seq;
          if (input) send(fam, input.channel, input.id, input.data, pos);
        };
        const r = await d.streams.replay(fam, pos[fam], to, targetOf(conn, d.stallMs), onEvent);
        if (r.kind === 'closed') return r;
        if (r.kind === 'reset') {
          const oldest = [...pos];
          oldest[fam] = r.oldestAvailable;
          return { kind: 'reset', oldestAvailable: encodeCursor(oldest), current: encodeCursor(d.log.vec) };
        }
        pos[fam] = Math.max(pos[fam], to);
      }
      continue;
    }
    if (source === 'none') source = 'ring';
    let more = false;
    for (const e of d.log.after(pos, fams)) {
      send(e.fam, e.channel, e.id, e.data, e.vec);
      if (conn.overHighWater) {
        more = true;
        break;
      }
    }
    if (!more) {
      const cursor = encodeCursor(maxInto(pos, d.log.vec));
      conn.lastCursor = cursor;
      d.goLive(conn);
      return { kind: 'live', replayed, cursor, source: replayed > 0 ? source : 'none' };
    }
    await conn.drained(d.stallMs);
  }
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

export const familyName = (fam: number): string => CHANNEL_FAMILIES[fam].name;
