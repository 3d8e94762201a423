import { AppError, CHANNEL_FAMILIES, parseChannel, type SubscribeFrame } from '@flywheel/contracts';
import type { Connection } from './connection.ts';
import { decodeCursor, type Vec } from './domain/cursor.ts';
import { familyIndex } from './domain/event-input.ts';
import type { HubLog } from './domain/hub-log.ts';
import type { AcksRepo } from './db/acks-repo.ts';

export interface SubscribePlan {
  patterns: [number, string][];
  fams: number[];
  /** Where replay starts per family: `since`, or now; ack-required families from their last ack. */
  start: Vec;
}

/**
 * Validates a subscribe (all or nothing: an unknown channel is BAD_REQUEST, another account's
 * channel FORBIDDEN) and works out where its replay starts.
 */
export function planSubscribe(
  conn: Connection,
  frame: SubscribeFrame,
  log: HubLog,
  acks: AcksRepo,
  allowed: (fam: number, id: string | undefined) => boolean,
): SubscribePlan {
  const patterns: [number, string][] = [];
  for (const ch of frame.channels) {
    const parsed = parseChannel(ch);
    if (!parsed) throw new AppError('BAD_REQUEST', `unknown channel ${ch}`, { channel: ch });
    const fam = familyIndex(parsed.family.name);
    if (!allowed(fam, parsed.id)) throw new AppError('FORBIDDEN', `not allowed to watch ${ch}`, { channel: ch });
    patterns.push([fam, ch]);
  }
  if (frame.since && conn.subscribedOnce) throw new AppError('BAD_REQUEST', 'since is accepted only on the first subscribe of a connection');
  const start = frame.since ? decodeCursor(frame.since) : [...log.vec];
  const fams = [...new Set(patterns.map(([f]) => f))];
  if (!conn.subscribedOnce) {
    for (const fam of fams.filter((f) => CHANNEL_FAMILIES[f].ackRequired)) {
      const name = CHANNEL_FAMILIES[fam].name;
      const acked = acks.get(conn.clientKey, name);
      if (acked === undefined) acks.start(conn.clientKey, name, start[fam]);
      else start[fam] = Math.min(start[fam], acked);
    }
  }
  conn.subscribedOnce = true;
  return { patterns, fams, start };
}
