import type { AgentDriver, AutopilotConfig, Task } from '@flywheel/contracts';

/** The driver and model for a task: the first rule matching its type or a label, else the project's. */
export function agentFor(cfg: AutopilotConfig, task: Pick<Task, 'type' | 'labels'>): { driver: AgentDriver; model?: string } {
  const rule = cfg.rules.find(
    (r) => (r.type === undefined || r.type === task.type) && (r.label === undefined || task.labels.includes(r.label)) && (r.type || r.label),
  );
  const model = rule?.model ?? cfg.model;
  return { driver: rule?.driver ?? cfg.driver, ...(model ? { model } : {}) };
}

/** The agent's environment: `${TASK_ID}` in a value becomes the task's id. */
export const envFor = (cfg: AutopilotConfig, taskId: string): Record<string, string> =>
  Object.fromEntries(Object.entries(cfg.env).map(([k, v]) => [k, v.replaceAll('${TASK_ID}', taskId)]));

/** What the agent is told: the task, what it builds on, how it is judged, and how to say it is done. */
export function promptFor(task: Task, parents: readonly Pick<Task, 'id' | 'title' | 'status'>[]): string {
  const parts = [`You are working on task ${task.id}: ${task.title}`];
  if (task.description) parts.push(task.description);
  if (parents.length) parts.push(`It builds on:\n${parents.map((p) => `- ${p.id} (${p.status}): ${p.title}`).join('\n')}`);
  if (task.acceptance) parts.push(`Acceptance notes:\n${task.acceptance}`);
  parts.push(
    `When the work meets the acceptance notes, call the MCP tool complete_task with taskId "${task.id}". Record other work you find with create_task.`,
  );
  return parts.join('\n\n');
}

/**
 * Should the next task wait for budget? When what the project spent plus one task's average cost (of the tasks
 * finished so far) would exceed the budget: the reason, said plainly; otherwise undefined.
 */
export function budgetStop(budgetUsd: number | undefined, spentUsd: number, doneCostsUsd: readonly number[]): string | undefined {
  if (budgetUsd === undefined) return undefined;
  const next = doneCostsUsd.length ? doneCostsUsd.reduce((a, b) => a + b, 0) / doneCostsUsd.length : 0;
  if (spentUsd + next <= budgetUsd) return undefined;
  return `budget: spent $${spentUsd.toFixed(6)} + about $${next.toFixed(6)} for the next task would exceed the project's $${budgetUsd} budget`;
}

/** A branch-safe name for a task's worktree. */
export const branchFor = (taskId: string): string => `flywheel/${taskId.replace(/[^A-Za-z0-9_-]/g, '-')}`;
