import { CHANNEL_FAMILIES, parseChannel, subjectToChannel } from '@flywheel/contracts';

export interface EventInput {
  fam: number;
  channel: string;
  id?: string;
  /** JSON text, relayed unchanged. */
  data: string;
  value: unknown;
}

const decoder = new TextDecoder();
const famIndex = new Map(CHANNEL_FAMILIES.map((f, i) => [f.name, i]));

/**
 * Turns a stream message into what the hub relays; null for a subject that is not a channel or a
 * payload that is not JSON. The live and the replay paths both use it, so they skip the same events.
 */
export function eventInput(subject: string, payload: Uint8Array): EventInput | null {
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
  return { fam: famIndex.get(parsed.family.name)!, channel, id: parsed.id, data, value };
}

export const familyIndex = (name: string): number => famIndex.get(name) ?? -1;
