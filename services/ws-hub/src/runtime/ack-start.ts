import { CHANNEL_FAMILIES } from '@flywheel/contracts';
import type { Vec } from '../domain/cursor.ts';
import type { AcksRepo } from '../db/acks-repo.ts';

/**
 * On a client's first subscribe, ack-required families replay from their last ack; a client new
 * to a family gets its start recorded, so later events are re-sent until acked.
 */
export function startFromAcks(acks: AcksRepo, clientKey: string, fams: number[], start: Vec): void {
  for (const fam of fams.filter((f) => CHANNEL_FAMILIES[f].ackRequired)) {
    const name = CHANNEL_FAMILIES[fam].name;
    const acked = acks.get(clientKey, name);
    if (acked === undefined) acks.start(clientKey, name, start[fam]);
    else start[fam] = Math.min(start[fam], acked);
  }
}
