import { AppError, parseChannel, type SubscribeFrame } from '@flywheel/contracts';
import { decodeCursor, type Vec } from './cursor.ts';
import { familyIndex } from './event-input.ts';

export interface SubscribePlan {
  patterns: [number, string][];
  fams: number[];
  /** Where replay starts per family: `since`, or now (ack-required families are moved back to their last ack by the caller). */
  start: Vec;
}

export interface PlanContext {
  /** No subscribe on this connection has been planned yet. */
  first: boolean;
  /** The hub's position now. */
  now: Vec;
  allowed(fam: number, id: string | undefined): boolean;
}

/**
 * Validates a subscribe (all or nothing: an unknown channel is BAD_REQUEST, another account's
 * channel FORBIDDEN) and works out where its replay starts.
 */
export function planSubscribe(frame: SubscribeFrame, ctx: PlanContext): SubscribePlan {
  const patterns: [number, string][] = [];
  for (const ch of frame.channels) {
    const parsed = parseChannel(ch);
    if (!parsed) throw new AppError('BAD_REQUEST', `unknown channel ${ch}`, { channel: ch });
    const fam = familyIndex(parsed.family.name);
    if (!ctx.allowed(fam, parsed.id)) throw new AppError('FORBIDDEN', `not allowed to watch ${ch}`, { channel: ch });
    patterns.push([fam, ch]);
  }
  if (frame.since && !ctx.first) throw new AppError('BAD_REQUEST', 'since is accepted only on the first subscribe of a connection');
  const start = frame.since ? decodeCursor(frame.since) : [...ctx.now];
  const fams = [...new Set(patterns.map(([f]) => f))];
  return { patterns, fams, start };
}
