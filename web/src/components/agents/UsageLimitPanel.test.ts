// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { AgentInfo } from '@flywheel/contracts';
import { json, limitedAgent } from '../inbox/fixtures.ts';
import { useSessionStore } from '../../stores/session.ts';
import UsageLimitPanel from './UsageLimitPanel.vue';

const limited = limitedAgent('agt_1', { name: 'alpha', resumeAt: new Date(Date.now() + 60_000).toISOString(), lastSeq: 5 });
type Call = { method: string; url: string; body?: unknown };

describe('UsageLimitPanel', () => {
  const calls: Call[] = [];
  let reply: (c: Call) => Response;
  beforeEach(() => {
    calls.length = 0;
    setActivePinia(createPinia());
    reply = () => json(202, { commandId: 'cmd_1', state: 'executing' });
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      const c = { method: init?.method ?? 'GET', url, body: init?.body ? JSON.parse(String(init.body)) : undefined };
      calls.push(c);
      return reply(c);
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  const mountAs = (role: 'viewer' | 'operator', agent: AgentInfo = limited) => {
    const session = useSessionStore();
    session.me = { principal: { role, accountId: 'acc_1' } } as unknown as typeof session.me;
    return mount(UsageLimitPanel, { props: { agent } });
  };

  it('shows nothing unless the agent is paused at a usage limit', () => {
    expect(
      mountAs('operator', { ...limited, state: 'ready', pauseReason: undefined, attention: 'none' })
        .find('[data-testid="usage-limit-panel"]')
        .exists(),
    ).toBe(false);
    expect(
      mountAs('operator', { ...limited, pauseReason: 'budget' })
        .find('[data-testid="usage-limit-panel"]')
        .exists(),
    ).toBe(false);
  });

  it('resume now posts to the agent and says it changed', async () => {
    const w = mountAs('operator');
    expect(w.get('[data-testid="usage-reset"]').text()).toContain('resets at');
    await w.get('[data-testid="usage-resume"]').trigger('click');
    await flushPromises();
    expect(calls).toEqual([{ method: 'POST', url: '/api/v1/agents/agt_1/resume', body: undefined }]);
    expect(w.emitted('changed')).toHaveLength(1);
  });

  it("don't auto-resume turns the agent's own setting off; on an agent with it off the button hands back to the project", async () => {
    reply = () => json(200, { ...limited, autoResume: false });
    const w = mountAs('operator');
    expect(w.get('[data-testid="usage-auto-resume"]').text()).toBe("Don't auto-resume");
    await w.get('[data-testid="usage-auto-resume"]').trigger('click');
    await flushPromises();
    expect(calls.at(-1)).toEqual({ method: 'PUT', url: '/api/v1/agents/agt_1/auto-resume', body: { enabled: false } });

    const off = mountAs('operator', { ...limited, autoResume: false });
    expect(off.get('[data-testid="usage-auto"]').text()).toContain('Auto-resume is off');
    await off.get('[data-testid="usage-auto-resume"]').trigger('click');
    await flushPromises();
    expect(calls.at(-1)).toEqual({ method: 'PUT', url: '/api/v1/agents/agt_1/auto-resume', body: { enabled: null } });
  });

  it('a refusal shows the server message; a viewer sees the state but no buttons', async () => {
    reply = () => json(409, { error: { code: 'CONFLICT', message: 'agent agt_1 is not paused at a usage limit', requestId: 'req_9' } });
    const w = mountAs('operator');
    await w.get('[data-testid="usage-resume"]').trigger('click');
    await flushPromises();
    expect(w.text()).toContain('agent agt_1 is not paused at a usage limit');
    expect(w.emitted('changed')).toBeUndefined();

    const v = mountAs('viewer');
    expect(v.find('[data-testid="usage-limit-panel"]').exists()).toBe(true);
    expect(v.find('[data-testid="usage-resume"]').exists()).toBe(false);
    expect(v.find('[data-testid="usage-auto-resume"]').exists()).toBe(false);
  });
});
