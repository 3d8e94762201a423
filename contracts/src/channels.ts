import { z } from 'zod';

/**
 * A channel family: the WS channel prefix, whether it takes an id segment, and its durability.
 * A WS channel and its NATS subject are two spellings of one name: `agent:output:ID` ↔ `agent.output.ID`.
 */
export interface ChannelFamily {
  readonly name: string; // e.g. 'agent:output'
  readonly hasId: boolean;
  /** Events re-sent on reconnect until the client acks them. */
  readonly ackRequired: boolean;
  /** Default retention for replay: age in seconds and count per subject. */
  readonly retention: { maxAgeS: number; maxPerSubject: number };
}

const fam = (name: string, hasId: boolean, maxAgeS: number, maxPerSubject: number, ackRequired = false): ChannelFamily => ({
  name,
  hasId,
  ackRequired,
  retention: { maxAgeS, maxPerSubject },
});

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * Every channel family the hub serves; each is also a JetStream stream. Append only: ws-hub cursors
 * name a family by its position in this list, so reordering or removing one breaks saved cursors.
 */
export const CHANNEL_FAMILIES: readonly ChannelFamily[] = [
  fam('agent:output', true, HOUR, 100_000),
  fam('agent:state', true, 7 * DAY, 10_000),
  fam('agent:tools', true, DAY, 100_000),
  fam('agent:checkpoints', true, 7 * DAY, 10_000),
  fam('workspace:reservations', true, 7 * DAY, 10_000, true),
  fam('workspace:conflicts', true, 7 * DAY, 10_000, true),
  fam('workspace:handoffs', true, 7 * DAY, 10_000),
  fam('system:dcg', false, 7 * DAY, 1_000_000, true),
  fam('system:health', false, HOUR, 10_000),
  fam('system:alerts', false, 7 * DAY, 100_000),
  fam('system:cost', false, DAY, 100_000),
  fam('system:fleet', false, DAY, 100_000),
  fam('system:budget', false, 30 * DAY, 100_000),
  fam('user:notifications', true, 7 * DAY, 10_000, true),
  fam('workspace:messages', true, 7 * DAY, 10_000),
  fam('workspace:tasks', true, 30 * DAY, 100_000),
];

const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

/** The mirror rule, one way: `agent:output:a1` → `agent.output.a1`, `agent:output:*` → `agent.output.*`. */
export const channelToSubject = (channel: string): string => channel.split(':').join('.');

/** The mirror rule, the other way. */
export const subjectToChannel = (subject: string): string => subject.split('.').join(':');

export interface ParsedChannel {
  family: ChannelFamily;
  /** The id segment, `*` for a wildcard, undefined for families without ids. */
  id?: string;
}

/** Parses a channel (wildcards `*` allowed in the id segment); null when unknown or malformed. */
export function parseChannel(channel: string): ParsedChannel | null {
  const parts = channel.split(':');
  if (parts.length < 2 || parts.length > 3) return null;
  const family = CHANNEL_FAMILIES.find((f) => f.name === `${parts[0]}:${parts[1]}`);
  if (!family) return null;
  if (!family.hasId) return parts.length === 2 ? { family } : null;
  if (parts.length !== 3) return null;
  const id = parts[2];
  if (id !== '*' && !SEGMENT.test(id)) return null;
  return { family, id };
}

/** True when a concrete channel is matched by a pattern with `*` segments. */
export function channelMatches(pattern: string, channel: string): boolean {
  const p = pattern.split(':');
  const c = channel.split(':');
  if (p.length !== c.length) return false;
  return p.every((seg, i) => seg === '*' || seg === c[i]);
}

/** A WS channel name, validated against the known families. */
export const Channel = z
  .string()
  .max(200)
  .refine((c) => parseChannel(c) !== null, { message: 'unknown or malformed channel' });

/** Builds a concrete channel name: channel('agent:output', 'a1') → 'agent:output:a1'. */
export const channel = (family: string, id?: string): string => (id === undefined ? family : `${family}:${id}`);
