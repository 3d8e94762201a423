import { CHANNEL_FAMILIES, channelToSubject } from './channels.ts';

/**
 * A JetStream stream every service may ensure idempotently at boot. `name` and `subjects` are
 * unprefixed; the kit adds the deployment's namespace (see namespace.ts).
 */
export interface StreamSpec {
  readonly name: string;
  readonly subjects: string[];
  readonly maxAgeS: number;
  readonly maxPerSubject: number;
  /** Window in which a repeated Nats-Msg-Id is dropped by the server. */
  readonly duplicateWindowS: number;
  /** A work queue: a message is removed once its (single) consumer acks it, so the stream holds only what is pending. */
  readonly workQueue?: boolean;
}

/** A family's stream name before the namespace: `agent:output` → `AGENT_OUTPUT` (`FW_AGENT_OUTPUT` in namespace `fw`). */
export const streamNameForFamily = (family: string): string => family.replace(':', '_').toUpperCase();

/** One stream per channel family, so retention is per family (see docs/architecture.md). */
export const FAMILY_STREAMS: readonly StreamSpec[] = CHANNEL_FAMILIES.map((f) => ({
  name: streamNameForFamily(f.name),
  subjects: [f.hasId ? `${channelToSubject(f.name)}.*` : channelToSubject(f.name)],
  maxAgeS: f.retention.maxAgeS,
  maxPerSubject: f.retention.maxPerSubject,
  duplicateWindowS: 120,
}));

/** Usage records: one per model message, consumed by the cost service. */
export const USAGE_STREAM: StreamSpec = {
  name: 'USAGE',
  subjects: ['usage.*'],
  maxAgeS: 30 * 24 * 3600,
  maxPerSubject: -1,
  duplicateWindowS: 600,
};

/** Gateway operations records (`ops.audit`, `ops.deliveries`): kept by every gateway instance, not served over WS. */
export const OPS_STREAM: StreamSpec = {
  name: 'OPS',
  subjects: ['ops.*'],
  maxAgeS: 30 * 24 * 3600,
  maxPerSubject: -1,
  duplicateWindowS: 120,
};

/**
 * Hook calls the gateway allowed itself (`hook.allowed.<agentId>`) until safety has stored them: a work queue (gone
 * once safety acks), each kept up to 7 days, so a safety outage that long loses none.
 */
export const HOOK_ALLOWED_STREAM: StreamSpec = {
  name: 'HOOK_ALLOWED',
  subjects: ['hook.allowed.*'],
  maxAgeS: 7 * 24 * 3600,
  maxPerSubject: -1,
  duplicateWindowS: 120,
  workQueue: true,
};

export const ALL_STREAMS: readonly StreamSpec[] = [...FAMILY_STREAMS, USAGE_STREAM, OPS_STREAM, HOOK_ALLOWED_STREAM];

export const streamForSubject = (subject: string): StreamSpec | undefined => ALL_STREAMS.find((s) => s.subjects.some((p) => subjectMatches(p, subject)));

/** NATS subject matching with `*` (one token) and `>` (the rest). */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}
