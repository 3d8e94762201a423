import type { Reservation, ReservationHolder, ReservationMode } from '@flywheel/contracts';
import { patternsIntersect } from './glob-intersect.ts';

export interface LeaseRequest {
  agentId: string;
  mode: ReservationMode;
  patterns: string[];
}

/**
 * The leases standing in the way of a request: another agent's, at least one side exclusive, patterns
 * intersecting. Shared with shared never conflicts; an agent never conflicts with itself.
 */
export function blockingHolders(req: LeaseRequest, held: readonly Reservation[]): ReservationHolder[] {
  const out: ReservationHolder[] = [];
  for (const r of held) {
    if (r.agentId === req.agentId || (r.mode === 'shared' && req.mode === 'shared')) continue;
    for (const pattern of r.patterns) {
      const requested = req.patterns.find((p) => patternsIntersect(p, pattern));
      if (requested !== undefined) out.push({ reservationId: r.id, agentId: r.agentId, mode: r.mode, pattern, requested, expiresAt: r.expiresAt });
    }
  }
  return out;
}

/** "src/** (exclusive, agent a1, until 12:00:00Z)" for reasons and messages. */
export const describeHolder = (h: Pick<ReservationHolder, 'agentId' | 'pattern' | 'mode' | 'expiresAt'>): string =>
  `${h.pattern} (${h.mode}, held by agent ${h.agentId} until ${h.expiresAt})`;
