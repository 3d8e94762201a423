// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, RouterLinkStub } from '@vue/test-utils';
import type { DcgException } from '@flywheel/contracts';
import InboxItem from './InboxItem.vue';

const exception: DcgException = {
  id: 'exc_1',
  shortCode: 'K7Q2MX',
  decisionId: 'dcd_1',
  agentId: 'agt_1',
  command: 'git reset --hard',
  ruleId: 'core.git:reset-hard',
  severity: 'high',
  reason: 'Discards uncommitted work.',
  status: 'pending',
  live: true,
  createdAt: new Date().toISOString(),
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
};
const output = {
  items: [{ type: 'output', agentId: 'agt_1', seq: 3, ts: new Date().toISOString(), stream: 'assistant', text: 'I will reset the tree.\nRunning it now.' }],
};

describe('InboxItem', () => {
  const urls: string[] = [];
  beforeEach(() => {
    urls.length = 0;
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      return new Response(JSON.stringify(output), { status: 200, headers: { 'content-type': 'application/json' } });
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  const mountItem = (props: Record<string, unknown> = {}) =>
    mount(InboxItem, {
      props: { entry: { key: 'exc:exc_1', kind: 'approval', at: exception.createdAt, exception }, canDecide: true, ...props },
      global: { stubs: { RouterLink: RouterLinkStub } },
    });

  it("shows the command, the matched rule, the reason and the agent's recent output", async () => {
    const w = mountItem();
    expect(w.get('[data-testid=command]').text()).toBe('git reset --hard');
    expect(w.get('[data-testid=rule]').text()).toBe('core.git:reset-hard');
    expect(w.text()).toContain('Discards uncommitted work.');
    await vi.waitFor(() => expect(w.text()).toContain('Running it now.'));
    expect(urls[0]).toBe('/api/v1/agents/agt_1/output?limit=20&order=desc');
  });

  it('shows how many approvals a two-person exception still needs, and none for an ordinary one', () => {
    expect(mountItem().find('[data-testid=quorum]').exists()).toBe(false);
    const approvals = [{ by: 'key_ops1', at: exception.createdAt, grant: 'once' as const }];
    const w = mountItem({
      entry: { key: 'exc:exc_1', kind: 'approval', at: exception.createdAt, exception: { ...exception, quorum: 2, approvals, approvalsNeeded: 1 } },
    });
    expect(w.get('[data-testid=quorum]').text()).toBe('1 of 2 approvals still needed');
    expect(w.get('[data-testid=quorum]').attributes('title')).toBe('key_ops1');
  });

  it('emits approve once, approve for this agent, always and deny', async () => {
    const w = mountItem();
    await w.get('[data-testid=approve-once]').trigger('click');
    await w.get('[data-testid=approve-agent]').trigger('click');
    await w.get('[data-testid=approve-always]').trigger('click');
    await w.get('[data-testid=deny]').trigger('click');
    expect(w.emitted('decide')).toEqual([['approve', 'once'], ['approve', 'agent'], ['approve', 'always'], ['deny']]);
  });

  it('hides the decisions from a role that may not make them, and disables them while one is in flight', async () => {
    expect(mountItem({ canDecide: false }).find('[data-testid=approve-once]').exists()).toBe(false);
    const busy = mountItem({ busy: true });
    expect(busy.get('[data-testid=approve-once]').attributes('disabled')).toBeDefined();
    expect(busy.get('[data-testid=deny]').attributes('disabled')).toBeDefined();
  });
});
