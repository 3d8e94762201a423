// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, RouterLinkStub } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { AgentEvent, DcgException } from '@flywheel/contracts';
import InboxItem from './InboxItem.vue';

const AGENT = 'agt_long';
/** An agent with 3,000 output events (one line each): far more than one page of the API. */
const events: AgentEvent[] = Array.from({ length: 3000 }, (_, k) => ({
  type: 'output',
  agentId: AGENT,
  seq: k + 1,
  ts: new Date(0).toISOString(),
  stream: 'stdout',
  text: `line ${k + 1}\n`,
}));

const exception: DcgException = {
  id: 'e1',
  shortCode: 'E1',
  decisionId: 'd_e1',
  agentId: AGENT,
  command: 'git reset --hard',
  ruleId: 'core.git:reset-hard',
  status: 'pending',
  live: true,
  createdAt: new Date().toISOString(),
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
};

describe('InboxItem: recent output', () => {
  const asked: URL[] = [];
  beforeEach(() => {
    setActivePinia(createPinia());
    asked.length = 0;
    // The runner's paging, as GET /agents/:id/output serves it: asc from the start, or desc from the newest.
    vi.stubGlobal('fetch', async (url: string) => {
      const u = new URL(url, 'http://localhost');
      asked.push(u);
      const limit = Number(u.searchParams.get('limit') ?? 100);
      const cursor = u.searchParams.get('cursor');
      const desc = u.searchParams.get('order') === 'desc';
      const from = cursor === null ? undefined : Number(cursor);
      const pool = desc ? events.filter((e) => from === undefined || e.seq < from).reverse() : events.filter((e) => e.seq > (from ?? 0));
      const items = pool.slice(0, limit);
      const body = { items, ...(pool.length > limit ? { nextCursor: String(items.at(-1)!.seq) } : {}) };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it("shows the agent's newest lines, not the first page's last ones, in the order they were said", async () => {
    const w = mount(InboxItem, {
      props: { entry: { key: 'exc:e1', kind: 'approval', at: exception.createdAt, exception }, canDecide: true },
      global: { stubs: { RouterLink: RouterLinkStub } },
    });
    await vi.waitFor(() => expect(w.find('[aria-label="Recent output"]').exists()).toBe(true));
    expect(w.find('[aria-label="Recent output"]').text().split('\n')).toEqual(['line 2995', 'line 2996', 'line 2997', 'line 2998', 'line 2999', 'line 3000']);
    expect(asked.map((u) => [u.pathname, u.searchParams.get('order')])).toEqual([[`/api/v1/agents/${AGENT}/output`, 'desc']]);
  });
});
