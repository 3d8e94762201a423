// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, RouterLinkStub } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { AutopilotStatus, type AgentInfo, type Alert } from '@flywheel/contracts';
import { json, limitedAgent, stuckAlert as stuck } from '../components/inbox/fixtures.ts';
import { useInboxStore } from '../stores/inbox.ts';
import { useSessionStore } from '../stores/session.ts';
import InboxView from './InboxView.vue';

const now = new Date().toISOString();
const agent = (id: string, over: Partial<AgentInfo> = {}): AgentInfo => limitedAgent(id, { autoResume: true, ...over });

describe('InboxView: stopped autopilots and agents at a usage limit', () => {
  let alerts: Alert[];
  let agents: AgentInfo[];
  let resumeStatus: number;
  const posts: { url: string; body: unknown }[] = [];
  const gets: string[] = [];
  beforeEach(() => {
    setActivePinia(createPinia());
    posts.length = 0;
    gets.length = 0;
    resumeStatus = 202;
    alerts = [stuck('alr_2', 'proj_1'), stuck('alr_1', 'proj_1'), stuck('alr_3', 'proj_2')];
    agents = [agent('agt_1'), agent('agt_2', { pauseReason: 'budget', attention: 'none' }), agent('agt_3', { state: 'executing', pauseReason: undefined })];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      if (init?.method === 'POST') {
        posts.push({ url, body: init.body ? JSON.parse(String(init.body)) : undefined });
        if (url.endsWith('/resume')) {
          return resumeStatus === 202
            ? json(202, { commandId: 'c1', state: 'executing' })
            : json(409, { error: { code: 'CONFLICT', message: 'not paused at a usage limit' } });
        }
        return json(200, AutopilotStatus.parse({ projectId: url.split('/')[5], enabled: true, workingDirectory: '/repo', runs: [], updatedAt: now }));
      }
      gets.push(url);
      if (url.startsWith('/api/v1/alerts')) return json(200, { items: alerts });
      if (url.startsWith('/api/v1/agents?')) return json(200, { items: agents });
      if (url.startsWith('/api/v1/tasks/')) return json(200, { id: 't_1', title: 'Fix the build' });
      return json(200, { items: [] });
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  async function mountAs(role: 'viewer' | 'operator', n: number) {
    useSessionStore().me = { principal: { accountId: 'acct-a', role } };
    const w = mount(InboxView, { attachTo: document.body, global: { stubs: { RouterLink: RouterLinkStub } } });
    await vi.waitFor(() => expect(w.findAll('[data-testid=inbox-item]').length).toBe(n));
    return w;
  }
  const keys = (w: Awaited<ReturnType<typeof mountAs>>) => w.findAll('[data-testid=inbox-item]').map((i) => i.attributes('data-key'));

  it('lists one entry per project with an open autopilot_stuck alert and one per agent paused at a usage limit', async () => {
    const w = await mountAs('viewer', 3);
    expect(keys(w)).toEqual(['autopilot:proj_1', 'autopilot:proj_2', 'usage:agt_1']);
    expect(gets).toContain('/api/v1/alerts?status=open&rule=autopilot_stuck&limit=100');
    expect(w.find('[data-testid=resume-autopilot]').exists()).toBe(false);
    w.unmount();
  });

  it('"Resume autopilot" posts pause {paused: false} and the entry stays gone until its alert is resolved; a new stop shows again', async () => {
    const w = await mountAs('operator', 3);
    await w.get('[data-key="autopilot:proj_2"] [data-testid=resume-autopilot]').trigger('click');
    await vi.waitFor(() => expect(keys(w)).toEqual(['autopilot:proj_1', 'usage:agt_1']));
    expect(posts).toEqual([{ url: '/api/v1/tasks/autopilot/proj_2/pause', body: { paused: false } }]);
    // The alert leader has not resolved it yet: a reload (any WS event) still lists it, the inbox does not.
    const inbox = useInboxStore();
    await inbox.refresh();
    expect(keys(w)).toEqual(['autopilot:proj_1', 'usage:agt_1']);
    // Resolved, then the autopilot stops again: a new alert, shown.
    alerts = alerts.filter((a) => a.id !== 'alr_3');
    await inbox.refresh();
    alerts = [...alerts, stuck('alr_4', 'proj_2')];
    await inbox.refresh();
    expect(keys(w)).toEqual(['autopilot:proj_1', 'autopilot:proj_2', 'usage:agt_1']);
    w.unmount();
  });

  it('"Resume now" posts the resume of the agent; a refused resume keeps the entry and shows why', async () => {
    const w = await mountAs('operator', 3);
    resumeStatus = 409;
    await w.get('[data-key="usage:agt_1"] [data-testid=usage-resume]').trigger('click');
    await vi.waitFor(() => expect(w.text()).toContain('not paused at a usage limit'));
    expect(keys(w)).toContain('usage:agt_1');
    resumeStatus = 202;
    await w.get('[data-key="usage:agt_1"] [data-testid=usage-resume]').trigger('click');
    await vi.waitFor(() => expect(keys(w)).toEqual(['autopilot:proj_1', 'autopilot:proj_2']));
    expect(posts.map((p) => p.url)).toEqual(['/api/v1/agents/agt_1/resume', '/api/v1/agents/agt_1/resume']);
    // Paused at a limit again later (a new updatedAt): listed again.
    agents = [agent('agt_1', { updatedAt: new Date(Date.now() + 1000).toISOString() })];
    await useInboxStore().refresh();
    expect(keys(w)).toContain('usage:agt_1');
    w.unmount();
  });
});
