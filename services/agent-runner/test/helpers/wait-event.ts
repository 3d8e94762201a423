import { AgentEvent } from '@flywheel/contracts';
import { waitFor } from '@flywheel/kit/testing';
import type { Harness } from './harness.ts';

/** Polls /events until an event matches (the runner stores before it publishes, so this is the truth). */
export async function waitEvent(h: Harness, agentId: string, pred: (e: AgentEvent) => boolean, what: string, timeoutMs = 20_000): Promise<AgentEvent> {
  return waitFor(async () => {
    const all = await allEvents(h, agentId);
    return all.find(pred);
  }, { timeoutMs, intervalMs: 100, what });
}

export async function allEvents(h: Harness, agentId: string, path = 'events'): Promise<AgentEvent[]> {
  const out: AgentEvent[] = [];
  let cursor: string | undefined;
  for (;;) {
    const r = await h.http('GET', `/agents/${agentId}/${path}?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
    if (r.status !== 200) throw new Error(`GET ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    out.push(...r.body.items.map((e: unknown) => AgentEvent.parse(e)));
    if (!r.body.nextCursor) return out;
    cursor = r.body.nextCursor;
  }
}

export const waitState = (h: Harness, agentId: string, state: string, timeoutMs = 20_000) =>
  waitFor(async () => (await h.http('GET', `/agents/${agentId}`)).body?.state === state, { timeoutMs, intervalMs: 100, what: `agent ${agentId} ${state}` });
