/**
 * Exact accounting of usage across the system: what the agents reported (the runner's `usage` events), what the
 * broker acknowledged (the USAGE stream) and what the cost service counted (its records and its totals).
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { USAGE_STREAM, UsageRecord, type TokenUsage } from '@flywheel/contracts';
import { decode, wireStream, type NatsConnection } from '@flywheel/kit';
import type { Stack } from '../../support/index.ts';
import { allEvents } from '../../e2e/helpers/agent-events.ts';

export interface Tokens {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}
export const zero = (): Tokens => ({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0 });
export const add = (a: Tokens, b: Tokens): Tokens => ({
  input: a.input + b.input,
  output: a.output + b.output,
  cacheRead: a.cacheRead + b.cacheRead,
  cacheWrite: a.cacheWrite + b.cacheWrite,
});
const fromUsage = (u: TokenUsage): Tokens => ({
  input: u.inputTokens,
  output: u.outputTokens,
  cacheRead: u.cacheReadInputTokens,
  cacheWrite: u.cacheCreationInputTokens,
});

/** What each agent itself reported: its `usage` events as the runner stored them, by message id. */
export async function reportedUsage(s: Stack, agentIds: string[]): Promise<Map<string, { agentId: string; tokens: Tokens }>> {
  const out = new Map<string, { agentId: string; tokens: Tokens }>();
  for (const agentId of agentIds) {
    for (const e of await allEvents(s, agentId)) {
      if (e.type !== 'usage') continue;
      if (out.has(e.messageId)) throw new Error(`agent ${agentId} reported message ${e.messageId} twice`);
      out.set(e.messageId, { agentId, tokens: fromUsage(e.usage) });
    }
  }
  return out;
}

/** Every usage record the broker acknowledged (stored in the USAGE stream), as message id → how many times stored. */
export async function ackedUsage(nc: NatsConnection): Promise<Map<string, number>> {
  const stream = wireStream(nc, USAGE_STREAM.name);
  const jsm = await jetstreamManager(nc);
  const { state } = await jsm.streams.info(stream);
  const out = new Map<string, number>();
  if (state.messages === 0) return out;
  const consumer = await jetstream(nc).consumers.get(stream);
  let seen = 0;
  while (seen < state.messages) {
    const batch = await consumer.fetch({ max_messages: state.messages - seen, expires: 5000 });
    let got = 0;
    for await (const m of batch) {
      const rec = UsageRecord.parse(decode(m.data));
      out.set(rec.messageId, (out.get(rec.messageId) ?? 0) + 1);
      got++;
      if (m.seq >= state.last_seq) break;
    }
    if (got === 0) break;
    seen += got;
  }
  await consumer.delete().catch(() => undefined);
  return out;
}

export interface CostRecord {
  messageId: string;
  agentId: string;
  tokens: { input: number; output: number; cacheRead: number; cacheWrite5m: number; cacheWrite1h: number };
  costMicros: number;
}

/** Every record the cost service holds (all pages). */
export async function costRecords(s: Stack): Promise<CostRecord[]> {
  const out: CostRecord[] = [];
  let cursor: string | undefined;
  for (;;) {
    const r = await s.http('GET', `/cost-analytics/records?limit=1000${cursor ? `&cursor=${cursor}` : ''}`, undefined, { as: 'admin' });
    if (r.status !== 200) throw new Error(`GET records → ${r.status} ${r.text}`);
    out.push(...(r.body.items as CostRecord[]));
    cursor = r.body.nextCursor;
    if (!cursor) return out;
  }
}

export interface Totals {
  records: number;
  costMicros: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** The cost service's totals over every record (its rollups, not a sum of rows). */
export async function costTotals(s: Stack): Promise<Totals> {
  const r = await s.http('GET', '/cost-analytics/summary?groupBy=agent', undefined, { as: 'admin' });
  if (r.status !== 200) throw new Error(`GET summary → ${r.status} ${r.text}`);
  return r.body.total as Totals;
}

/**
 * Jepsen-style: each acknowledged record is `ok` (counted once by cost), `lost` (acknowledged, not counted) or
 * `unknown` (reported by an agent, never acknowledged: the broker may or may not have it). `doubled`: counted twice by
 * cost; `storedTwice`: the broker stored one message id twice (its duplicate window failed), which cost must absorb.
 */
export function classify(reported: Map<string, unknown>, acked: Map<string, number>, counted: CostRecord[]) {
  const byId = new Map<string, number>();
  for (const r of counted) byId.set(r.messageId, (byId.get(r.messageId) ?? 0) + 1);
  const ids = new Set([...reported.keys(), ...acked.keys()]);
  const out = { ok: 0, lost: [] as string[], unknown: [] as string[], doubled: [] as string[], storedTwice: [] as string[], unreported: [] as string[] };
  for (const id of ids) {
    const n = byId.get(id) ?? 0;
    if (n > 1) out.doubled.push(id);
    if ((acked.get(id) ?? 0) > 1) out.storedTwice.push(id);
    if (acked.has(id)) {
      if (n >= 1) out.ok++;
      else out.lost.push(id);
    } else if (n === 0) out.unknown.push(id);
    else out.ok++;
    if (!reported.has(id)) out.unreported.push(id);
  }
  for (const id of byId.keys()) if (!ids.has(id)) out.unreported.push(id);
  return out;
}
