/**
 * The autopilot runs a project's work graph with real Claude Code agents on the scripted model: ready tasks in
 * priority order, at most maxConcurrency at once, each agent completing its task through the MCP complete_task tool;
 * and it stops starting tasks when the next one would exceed the project's budget.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@flywheel/kit/testing';
import { startScriptedModel, type ScriptedModel } from '@flywheel/scripted-model';
import { startCoordE2e, type CoordE2e, type LiveChannel } from './stack.ts';
import { claudeEnv, MODEL } from './claude-env.ts';

const usage = { input_tokens: 1_000_000, output_tokens: 10 };
const completes = (taskId: string) => [
  { model: MODEL, content: [{ type: 'tool_use' as const, name: 'mcp__flywheel__complete_task', input: { taskId, note: `finished ${taskId}` } }], usage },
  { model: MODEL, content: [{ type: 'text' as const, text: `Task ${taskId} is done.` }], usage: { input_tokens: 10, output_tokens: 5 } },
];

function repo(dir: string): string {
  const main = join(dir, 'repo');
  mkdirSync(main, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: main,
      stdio: 'pipe',
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
    });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(main, 'README.md'), 'work\n');
  git('add', '.');
  git('commit', '-qm', 'init');
  return main;
}

describe('autopilot with real Claude Code agents', () => {
  let s: CoordE2e;
  let model: ScriptedModel;
  let live: LiveChannel;

  beforeAll(async () => {
    s = await startCoordE2e({}, { cost: true });
    model = await startScriptedModel();
    live = await s.live(['workspace:tasks:*']);
  });
  afterAll(async () => {
    live?.close();
    await model?.close();
    await s?.stop();
  });

  const create = async (projectId: string, title: string, priority: number, dependsOn: string[] = []) => {
    const r = await s.api('POST', '/tasks', {
      projectId,
      title,
      priority,
      acceptance: `${title} works`,
      dependencies: dependsOn.map((d) => ({ type: 'blocks', dependsOn: d })),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    model.setScript(`task-${r.body.id}`, completes(r.body.id));
    return r.body.id as string;
  };
  const autopilot = (projectId: string, config: Record<string, unknown>) =>
    s.api('PUT', `/tasks/autopilot/${projectId}`, {
      enabled: true,
      model: MODEL,
      env: claudeEnv(model.url, 'task-${TASK_ID}', s.tmp('fw-ap-home-')),
      ...config,
    });

  it('five tasks, two depending on a third, concurrency 2: dependency order, never more than two at once, all done through complete_task', async () => {
    const P = 'prj_autopilot000001';
    const base = await create(P, 'base', 1);
    const left = await create(P, 'left', 0, [base]);
    const right = await create(P, 'right', 0, [base]);
    const other = await create(P, 'other', 2);
    const last = await create(P, 'last', 3);
    const set = await autopilot(P, { maxConcurrency: 2, workingDirectory: repo(s.tmp('fw-ap-repo-')), isolation: 'worktree' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);

    const all = await waitFor(
      async () => {
        const items = (await s.api('GET', `/tasks?projectId=${P}`)).body.items as {
          id: string;
          status: string;
          claimedAt: string;
          closedAt: string;
          assignee: string;
        }[];
        return items.every((t) => t.status === 'done') ? items : undefined;
      },
      { what: 'all five tasks done', timeoutMs: 240_000 },
    );
    const byId = new Map(all.map((t) => [t.id, t]));
    // Dependency order: left and right were claimed only after base was done.
    for (const id of [left, right]) expect(byId.get(id)!.claimedAt >= byId.get(base)!.closedAt).toBe(true);

    const status = (await s.api('GET', `/tasks/autopilot/${P}`)).body;
    expect(status.paused).toBeUndefined();
    const runs = status.runs as { taskId: string; agentId: string; status: string; startedAt: string; endedAt: string }[];
    expect(runs.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
    // Priority order among the ready: base (1) and other (2) first; then left and right (0) once base was done; last (3) at the end.
    expect(
      runs
        .slice(0, 2)
        .map((r) => r.taskId)
        .sort(),
    ).toEqual([base, other].sort());
    expect(runs.at(-1)!.taskId).toBe(last);
    // Never more than two at once.
    const points = runs
      .flatMap((r) => [
        { t: r.startedAt, d: 1 },
        { t: r.endedAt, d: -1 },
      ])
      .sort((a, b) => a.t.localeCompare(b.t) || a.d - b.d);
    let running = 0;
    let most = 0;
    for (const p of points) most = Math.max(most, (running += p.d));
    expect(most).toBeLessThanOrEqual(2);
    // Each task was completed by its own agent through the MCP tool.
    for (const r of runs) {
      const history = (await s.api('GET', `/tasks/${r.taskId}/history`)).body.items as { action: string; agentId?: string }[];
      expect(history.find((h) => h.action === 'completed')).toMatchObject({ agentId: r.agentId });
      expect(byId.get(r.taskId)!.assignee).toBe(r.agentId);
    }
    await live.next(
      (e) => e.channel === `workspace:tasks:${P}` && (e.data as any).type === 'autopilot' && (e.data as any).action === 'spawned',
      'spawned on WS',
    );
    // Velocity shows the five tasks with their cost (priced by the cost service from the agents' usage).
    const v = await waitFor(
      async () => {
        const r = (await s.api('GET', `/analytics/velocity?projectId=${P}`)).body;
        return r.total?.completed === 5 && r.total.byType.task?.costUsd > 29 ? r : undefined;
      },
      { what: 'velocity with five priced tasks', timeoutMs: 30_000 },
    );
    expect(v.total).toMatchObject({ completed: 5, reopened: 0, leadTimeS: { count: 5 }, cycleTimeS: { count: 5 } });
    expect(v.total.costPerTaskUsd).toBeGreaterThan(5);
    expect(v.days).toHaveLength(1);
    const audit = (await s.api('GET', '/audit?limit=200')).body.items as { action: string }[];
    expect(audit.filter((a) => a.action === 'autopilot.spawned').length).toBeGreaterThanOrEqual(5);
  }, 300_000);

  it('stops starting tasks when the next one would exceed the budget, and says why', async () => {
    const P = 'prj_autopilot000002';
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await create(P, `job ${i}`, 2));
    // One task costs about $6 (2M input tokens at Sonnet's $3/M): $10 holds one, not two.
    await autopilot(P, { maxConcurrency: 1, workingDirectory: repo(s.tmp('fw-ap-repo-')), isolation: 'none', budgetUsd: 10 });
    const status = await waitFor(
      async () => {
        const st = (await s.api('GET', `/tasks/autopilot/${P}`)).body;
        return st.paused && !st.runs.some((r: { status: string }) => r.status === 'running') ? st : undefined;
      },
      { what: 'autopilot paused for budget', timeoutMs: 240_000 },
    );
    expect(status.paused.reason).toMatch(/^budget: spent \$[\d.]+ \+ about \$[\d.]+ for the next task would exceed the project's \$10 budget$/);
    const done = (await s.api('GET', `/tasks?projectId=${P}`)).body.items.filter((t: { status: string }) => t.status === 'done');
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(done.length).toBeLessThan(5);
    expect(status.runs.length).toBe(done.length);
    await live.next(
      (e) => e.channel === `workspace:tasks:${P}` && (e.data as any).action === 'paused' && /^budget/.test((e.data as any).reason),
      'paused on WS',
    );
  }, 300_000);

  it('a task whose agent ends its turn without completing it twice stops the autopilot for a person, and the task is open again', async () => {
    const P = 'prj_autopilot000003';
    const r = await s.api('POST', '/tasks', { projectId: P, title: 'hopeless', priority: 1 });
    const id = r.body.id as string;
    const giveUp = { model: MODEL, content: [{ type: 'text' as const, text: 'I cannot do this.' }], usage: { input_tokens: 10, output_tokens: 5 } };
    model.setScript(`task-${id}`, [giveUp, giveUp], giveUp);
    await autopilot(P, { maxConcurrency: 1, workingDirectory: repo(s.tmp('fw-ap-repo-')), isolation: 'none' });
    const status = await waitFor(
      async () => {
        const st = (await s.api('GET', `/tasks/autopilot/${P}`)).body;
        return st.paused ? st : undefined;
      },
      { what: 'autopilot paused after two failures', timeoutMs: 120_000 },
    );
    expect(status.runs.map((x: { attempt: number; status: string }) => [x.attempt, x.status])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
    ]);
    expect(status.runs[0].reason).toBe('the agent ended its turn without completing the task');
    expect(status.paused.reason).toBe(`task ${id} failed 2 times (last: the agent ended its turn without completing the task); a person should look`);
    expect((await s.api('GET', `/tasks/${id}`)).body).toMatchObject({ status: 'open' });
    expect((await s.api('GET', `/tasks/${id}`)).body.assignee).toBeUndefined();
    await live.next((e) => e.channel === `workspace:tasks:${P}` && (e.data as any).action === 'failed', 'failed on WS');
  }, 180_000);
});
