import { costRpcs, limitedTo, type TaskChange, type Velocity } from '@flywheel/contracts';
import type { RpcCall } from '@flywheel/kit';
import type { Caller } from '../domain/access.ts';
import { velocity, type Completion } from '../domain/velocity.ts';
import type { CoordCore } from './core.ts';
import { agentFacts, branchFacts, type AgentFacts, type WorkFactPeers } from './work-facts.ts';

const wentInProgress = (c: TaskChange) => (c.changes.status as { to?: unknown } | undefined)?.to === 'in_progress';

/**
 * Velocity of a project from stored facts: every `completed` entry of the task history in [from, to) is a completion
 * (lead time from the task's creation, cycle time from its last move to in_progress), every `reopened` one is rework;
 * a task's cost is what the agents named in its history (and its assignee) cost, from the cost service; their hours,
 * tool calls and guard denials come from agent-runner and safety, and the lines changed and merges from the task's git
 * branch in the autopilot's repository.
 */
export async function projectVelocity(
  core: CoordCore,
  cost: RpcCall,
  peers: WorkFactPeers,
  q: { projectId: string; from?: string; to?: string },
  caller: Caller,
): Promise<Velocity> {
  const only = limitedTo(caller);
  const all = core.repos.tasks.projectHistory(q.projectId).filter((c) => only === undefined || (c.accountId ?? '') === only);
  const inRange = (at: string) => (!q.from || at >= q.from) && (!q.to || at < q.to);
  const perTask = new Map<string, TaskChange[]>();
  for (const c of all) perTask.set(c.taskId, [...(perTask.get(c.taskId) ?? []), c]);
  const agentCost = new Map<string, number>();
  const completions = all.filter((c) => c.action === 'completed' && inRange(c.at));
  if (completions.length) {
    const s = await cost(costRpcs.summary, { projectId: q.projectId, groupBy: 'agent' }).catch(() => undefined);
    for (const r of s?.rows ?? []) agentCost.set(r.key, r.costUsd);
  }
  const factsOf = new Map<string, Promise<AgentFacts>>();
  const repository = core.repos.autopilot.get(q.projectId)?.config.workingDirectory;
  const runs = core.repos.autopilot.runs(q.projectId);
  const done: Completion[] = await Promise.all(
    completions.map(async (c) => {
      const history = perTask.get(c.taskId) ?? [];
      const before = history.filter((h) => h.at <= c.at);
      const task = core.repos.tasks.get(c.taskId);
      const created = task?.createdAt ?? before[0]?.at ?? c.at;
      const claimed = before.filter(wentInProgress).at(-1)?.at;
      const agents = new Set([...history.flatMap((h) => (h.agentId ? [h.agentId] : [])), ...(task?.assignee ? [task.assignee] : [])]);
      const facts = await Promise.all(
        [...agents].map((id) => {
          if (!factsOf.has(id)) factsOf.set(id, agentFacts(peers, id, core.now()));
          return factsOf.get(id)!;
        }),
      );
      const worktree = runs.filter((r) => r.taskId === c.taskId && r.worktree).at(-1)?.worktree;
      const branch = repository ? await branchFacts(repository, c.taskId, worktree) : undefined;
      return {
        taskId: c.taskId,
        type: task?.type ?? 'task',
        createdAt: created,
        ...(claimed ? { claimedAt: claimed } : {}),
        doneAt: c.at,
        costUsd: [...agents].reduce((a, id) => a + (agentCost.get(id) ?? 0), 0),
        agentHours: facts.reduce((a, f) => a + f.hours, 0),
        toolCalls: facts.reduce((a, f) => a + f.toolCalls, 0),
        guardBlocks: facts.reduce((a, f) => a + f.guardBlocks, 0),
        linesChanged: branch?.linesChanged ?? 0,
        merged: branch?.merged ?? false,
      };
    }),
  );
  const reopened = all.filter((c) => c.action === 'reopened' && inRange(c.at)).map((c) => c.at);
  return { projectId: q.projectId, ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}), ...velocity(done, reopened) };
}
