import { describe, expect, it } from 'vitest';
import { autopilotSignals } from './alert-signals.ts';

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
