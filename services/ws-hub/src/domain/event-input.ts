import { CHANNEL_FAMILIES, parseChannel, subjectToChannel } from '@flywheel/contracts';

export interface EventInput {
  fam: number;
  channel: string;
  id?: string;
  /** JSON text, relayed unchanged. */
  data: string;
  value: unknown;
  /** Whose event it is: the publisher's x-account-id header, else the payload's `accountId`. */
  account?: string;
}

const decoder = new TextDecoder();
const famIndex = new Map(CHANNEL_FAMILIES.map((f, i) => [f.name, i]));

/**
 * Turns a stream message into what the hub relays; null for a subject that is not a channel or a
 * payload that is not JSON. The live and the replay paths both use it, so they skip (and attribute) the same events.
 */
export function eventInput(subject: string, payload: Uint8Array, accountHeader?: string): EventInput | null {
  const channel = subjectToChannel(subject);
  const parsed = parseChannel(channel);
  if (!parsed || parsed.id === '*') return null;
  const data = decoder.decode(payload);
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  const named = (value as { accountId?: unknown }).accountId;
  const account = accountHeader || (typeof named === 'string' && named.length > 0 && named.length <= 100 ? named : undefined);
  return { fam: famIndex.get(parsed.family.name)!, channel, id: parsed.id, data, value, ...(account ? { account } : {}) };
}

export const familyIndex = (name: string): number => famIndex.get(name) ?? -1;
