import { AgentEvent } from '@flywheel/contracts';
import { waitFor } from '@flywheel/kit/testing';
import type { HttpOptions, Stack } from '../../support/index.ts';

/** Polls /events until an event matches (the runner stores before it publishes, so this is the truth). */
export async function waitEvent(s: Stack, agentId: string, pred: (e: AgentEvent) => boolean, what: string, timeoutMs = 20_000): Promise<AgentEvent> {
  return waitFor(
    async () => {
      const all = await allEvents(s, agentId);
      return all.find(pred);
    },
    { timeoutMs, intervalMs: 100, what },
  );
}

/** Every event (or every `output` item) of an agent, page by page; `o.account` for an agent of another account. */
export async function allEvents(s: Stack, agentId: string, path = 'events', o: HttpOptions = {}): Promise<AgentEvent[]> {
  const out: AgentEvent[] = [];
  let cursor: string | undefined;
  for (;;) {
    const r = await s.http('GET', `/agents/${agentId}/${path}?limit=50${cursor ? `&cursor=${cursor}` : ''}`, undefined, o);
    if (r.status !== 200) throw new Error(`GET ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    out.push(...r.body.items.map((e: unknown) => AgentEvent.parse(e)));
    if (!r.body.nextCursor) return out;
    cursor = r.body.nextCursor;
  }
}

export const waitState = (s: Stack, agentId: string, state: string, timeoutMs = 20_000) =>
  waitFor(async () => (await s.http('GET', `/agents/${agentId}`)).body?.state === state, { timeoutMs, intervalMs: 100, what: `agent ${agentId} ${state}` });
