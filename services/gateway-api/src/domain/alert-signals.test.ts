import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '@flywheel/contracts';
import { agentSignals } from './alert-signals.ts';

const state = (e: Partial<Extract<AgentEvent, { type: 'state' }>>): AgentEvent =>
  ({ agentId: 'agt_1', seq: 7, ts: '2026-12-07T12:00:00.000Z', type: 'state', to: 'ready', ...e }) as AgentEvent;
const usageLimit = (signals: ReturnType<typeof agentSignals>) =>
  signals.filter((s) => (s.kind === 'fire' ? s.trigger.rule : s.rule) === 'agent_usage_limit').map((s) => s.kind);

describe('agentSignals: agent_usage_limit', () => {
  it('fires on the move to paused for a usage limit, with the reset, for the agent’s account', () => {
    const [s] = agentSignals(
      state({ from: 'executing', to: 'paused', pauseReason: 'usage_limit', resumeAt: '2026-12-07T12:05:00.000Z', reason: 'usage limit: 429' }),
      'acct-a',
    );
    expect(s).toMatchObject({
      kind: 'fire',
      trigger: {
        rule: 'agent_usage_limit',
        subject: { kind: 'agent', id: 'agt_1' },
        accountId: 'acct-a',
        details: { agentId: 'agt_1', resumeAt: '2026-12-07T12:05:00.000Z' },
      },
    });
  });

  it('resolves on the move out of paused; a budget pause or an event without a transition does neither', () => {
    expect(usageLimit(agentSignals(state({ from: 'paused', to: 'ready' })))).toEqual(['resolve']);
    expect(usageLimit(agentSignals(state({ from: 'paused', to: 'failed' })))).toEqual(['resolve']);
    expect(usageLimit(agentSignals(state({ from: 'executing', to: 'paused', pauseReason: 'budget' })))).toEqual([]);
    expect(usageLimit(agentSignals(state({ to: 'paused', pauseReason: 'usage_limit', reason: 'auto-resume off' })))).toEqual([]);
  });
});
