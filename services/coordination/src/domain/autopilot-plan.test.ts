import { describe, expect, it } from 'vitest';
import { AutopilotConfig, type Task } from '@flywheel/contracts';
import { agentFor, branchFor, budgetStop, envFor, promptFor } from './autopilot-plan.ts';

const cfg = AutopilotConfig.parse({
  workingDirectory: '/repo',
  model: 'big',
  env: { ANTHROPIC_API_KEY: 'task-${TASK_ID}', X: 'y' },
  rules: [
    { type: 'chore', model: 'small' },
    { label: 'codex', driver: 'codex' },
  ],
});

describe('autopilot plan', () => {
  it('picks driver and model by the first matching rule, else the project default', () => {
    expect(agentFor(cfg, { type: 'chore', labels: [] })).toEqual({ driver: 'sdk', model: 'small' });
    expect(agentFor(cfg, { type: 'bug', labels: ['codex'] })).toEqual({ driver: 'codex', model: 'big' });
    expect(agentFor(cfg, { type: 'feature', labels: [] })).toEqual({ driver: 'sdk', model: 'big' });
  });

  it('fills the task id into the environment and names a branch', () => {
    expect(envFor(cfg, 'bd-1.2')).toEqual({ ANTHROPIC_API_KEY: 'task-bd-1.2', X: 'y' });
    expect(branchFor('bd-1.2')).toBe('flywheel/bd-1-2');
  });

  it('builds the prompt from the task, its parents and its acceptance notes', () => {
    const t = { id: 't1', title: 'Add x', description: 'x everywhere', acceptance: 'x tests pass' } as Task;
    const p = promptFor(t, [{ id: 't0', title: 'base', status: 'done' }]);
    expect(p).toContain('task t1: Add x');
    expect(p).toContain('- t0 (done): base');
    expect(p).toContain('x tests pass');
    expect(p).toContain('complete_task with taskId "t1"');
  });

  it('stops for budget when the spend plus an average task would exceed it', () => {
    expect(budgetStop(undefined, 100, [])).toBeUndefined();
    expect(budgetStop(1, 0, [])).toBeUndefined();
    expect(budgetStop(1, 0.5, [0.4, 0.6])).toBeUndefined();
    expect(budgetStop(1, 0.6, [0.4, 0.6])).toMatch(/^budget: spent \$0\.600000 \+ about \$0\.500000 for the next task would exceed the project's \$1 budget$/);
  });
});
