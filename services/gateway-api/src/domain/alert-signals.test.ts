import type { AgentEvent } from '@flywheel/contracts';
import { describe, expect, it } from 'vitest';
import { agentSignals, autopilotSignals } from './alert-signals.ts';

const at = '2026-12-07T10:00:00.000Z';

describe('autopilotSignals', () => {
  it('a pause that needs a person fires autopilot_stuck for the project, in its account', () => {
    const s = autopilotSignals(
      { type: 'autopilot', action: 'paused', projectId: 'prj_a', taskId: 'tsk_1', reason: 'task tsk_1 failed 2 times', needsHuman: true, accountId: 'acct-a' },
      at,
    );
    expect(s).toEqual([
      {
        kind: 'fire',
        trigger: {
          rule: 'autopilot_stuck',
          subject: { kind: 'project', id: 'prj_a' },
          at,
          key: `tsk_1:${at}`,
          accountId: 'acct-a',
          title: 'The autopilot of project prj_a stopped: task tsk_1 failed 2 times',
          details: { projectId: 'prj_a', taskId: 'tsk_1', reason: 'task tsk_1 failed 2 times' },
        },
      },
    ]);
  });

  it('other pauses (budget, a person, the guard) and other steps fire nothing; a resume resolves', () => {
    expect(autopilotSignals({ type: 'autopilot', action: 'paused', projectId: 'prj_a', reason: 'budget: …' }, at)).toEqual([]);
    expect(autopilotSignals({ type: 'autopilot', action: 'failed', projectId: 'prj_a', taskId: 'tsk_1' }, at)).toEqual([]);
    expect(autopilotSignals({ type: 'autopilot', action: 'resumed', projectId: 'prj_a' }, at)).toEqual([
      { kind: 'resolve', rule: 'autopilot_stuck', subject: { kind: 'project', id: 'prj_a' }, at },
    ]);
  });
});

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
