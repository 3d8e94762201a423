/**
 * The autopilot runs a project's work graph with real Claude Code agents on the scripted model: ready tasks in
 * priority order, at most maxConcurrency at once, each agent completing its task through the MCP complete_task tool;
 * and it stops starting tasks when the next one would exceed the project's budget.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@flywheel/kit/testing';
import { startScriptedModel, type ScriptedModel } from '@flywheel/scripted-model';
import { startCoordE2e, type CoordE2e, type LiveChannel } from './stack.ts';
import { claudeEnv, MODEL } from './claude-env.ts';
import { mainRepo } from '../helpers/git-repo.ts';

const usage = { input_tokens: 1_000_000, output_tokens: 10 };
const completes = (taskId: string) => [
  { model: MODEL, content: [{ type: 'tool_use' as const, name: 'mcp__flywheel__complete_task', input: { taskId, note: `finished ${taskId}` } }], usage },
  { model: MODEL, content: [{ type: 'text' as const, text: `Task ${taskId} is done.` }], usage: { input_tokens: 10, output_tokens: 5 } },
];

const repo = (dir: string): string => mainRepo(join(dir, 'repo'));

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
    expect(v.total).toMatchObject({ completed: 5, reopened: 0, leadTimeS: { count: 5 }, cycleTimeS: { count: 5 }, guardBlocks: 0, linesChanged: 0, merges: 0 });
    // Each agent made one tool call (complete_task) and ran for a while.
    expect(v.total.toolCalls).toBe(5);
    expect(v.total.agentHours).toBeGreaterThan(0);
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
  it('a task whose first attempt fails is retried in the same worktree, with what that attempt left there, and the retry completes it', async () => {
    const P = 'prj_autopilot000008';
    const id = (await s.api('POST', '/tasks', { projectId: P, title: 'second time lucky', priority: 1 })).body.id as string;
    const giveUp = { model: MODEL, content: [{ type: 'text' as const, text: 'Not yet.' }], usage: { input_tokens: 10, output_tokens: 5 } };
    model.setScript(`task-${id}`, [giveUp, ...completes(id)]);
    const main = repo(s.tmp('fw-ap-repo-'));
    // What the first attempt leaves in its worktree stays for the second.
    const left = join(`${main}.tasks`, id, 'left-by-attempt-1.txt');
    const set = await autopilot(P, { maxConcurrency: 1, workingDirectory: main, isolation: 'worktree' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    await waitFor(async () => (await s.api('GET', `/tasks/autopilot/${P}`)).body.runs[0]?.status === 'failed', {
      what: 'the first attempt failed',
      timeoutMs: 120_000,
    });
    writeFileSync(left, 'kept\n');
    const st = await waitFor(
      async () => {
        const x = (await s.api('GET', `/tasks/autopilot/${P}`)).body;
        return x.runs[1]?.status === 'done' || x.paused ? x : undefined;
      },
      { what: 'the second attempt ended', timeoutMs: 120_000 },
    );
    expect(st.paused).toBeUndefined();
    expect(st.runs.map((x: { attempt: number; status: string }) => [x.attempt, x.status])).toEqual([
      [1, 'failed'],
      [2, 'done'],
    ]);
    expect(st.runs[1].worktree).toBe(st.runs[0].worktree);
    expect(readFileSync(left, 'utf8')).toBe('kept\n');
    expect((await s.api('GET', `/tasks/${id}`)).body.status).toBe('done');
  }, 240_000);
  const endsTurn = { model: MODEL, content: [{ type: 'text' as const, text: 'Done, I think.' }], usage: { input_tokens: 10, output_tokens: 5 } };
  const statusOf = async (P: string) => (await s.api('GET', `/tasks/autopilot/${P}`)).body;

  it('a turn that ends without complete_task: a passing check command (run in the task worktree) makes the task done', async () => {
    const P = 'prj_autopilot000004';
    const id = (await s.api('POST', '/tasks', { projectId: P, title: 'checked', priority: 1 })).body.id as string;
    model.setScript(`task-${id}`, [endsTurn], endsTurn);
    // The check runs in the task's own worktree: the branch flywheel/<id> is checked out there.
    // It commits two lines on the branch (as a formatter or a release step might), which velocity then counts.
    const check = `test "$(git rev-parse --abbrev-ref HEAD)" = "flywheel/${id}" && printf 'a\\nb\\n' > work.txt && git add work.txt && git -c user.name=t -c user.email=t@t commit -qm work`;
    const main = repo(s.tmp('fw-ap-repo-'));
    const set = await autopilot(P, { maxConcurrency: 1, workingDirectory: main, isolation: 'worktree', checkCommand: check, checkTimeoutS: 60 });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const st = await waitFor(
      async () => {
        const x = await statusOf(P);
        return x.runs[0]?.status === 'done' ? x : undefined;
      },
      { what: 'the run done by the check', timeoutMs: 120_000 },
    );
    expect(st.runs).toHaveLength(1);
    expect(st.runs[0].worktree).toMatch(new RegExp(`\\.tasks/${id}$`));
    const task = (await s.api('GET', `/tasks/${id}`)).body;
    expect(task.status).toBe('done');
    const history = (await s.api('GET', `/tasks/${id}/history`)).body.items as { action: string; actor: string; changes: Record<string, { to?: unknown }> }[];
    expect(history.find((h) => h.action === 'completed')).toMatchObject({ actor: 'autopilot' });
    expect(history.some((h) => h.changes.note?.to === `check passed: ${check}`)).toBe(true);
    await live.next((e) => e.channel === `workspace:tasks:${P}` && (e.data as any).action === 'checked' && (e.data as any).taskId === id, 'checked on WS');
    // Velocity: the branch's two lines, not merged yet; merged after a person merges the branch.
    const before = (await s.api('GET', `/analytics/velocity?projectId=${P}`)).body.total;
    expect(before).toMatchObject({ completed: 1, linesChanged: 2, merges: 0, toolCalls: 0, guardBlocks: 0 });
    expect(before.agentHours).toBeGreaterThan(0);
    execFileSync('git', ['-C', main, 'merge', '-q', '--ff-only', `flywheel/${id}`], { stdio: 'pipe' });
    expect((await s.api('GET', `/analytics/velocity?projectId=${P}`)).body.total).toMatchObject({ linesChanged: 2, merges: 1 });
  }, 180_000);

  it('a failing check command fails the attempt; the second failure pauses the autopilot, opens an alert for a person, and a person resumes it', async () => {
    const P = 'prj_autopilot000005';
    const id = (await s.api('POST', '/tasks', { projectId: P, title: 'never passes', priority: 1 })).body.id as string;
    model.setScript(`task-${id}`, [endsTurn, endsTurn], endsTurn);
    await autopilot(P, { maxConcurrency: 1, workingDirectory: repo(s.tmp('fw-ap-repo-')), isolation: 'none', checkCommand: 'echo tests failed >&2; exit 3' });
    const st = await waitFor(
      async () => {
        const x = await statusOf(P);
        return x.paused ? x : undefined;
      },
      { what: 'paused after two failed checks', timeoutMs: 120_000 },
    );
    expect(st.runs.map((r: { attempt: number; status: string; reason: string }) => [r.attempt, r.status, r.reason])).toEqual([
      [1, 'failed', 'the check command failed (exit 3): tests failed'],
      [2, 'failed', 'the check command failed (exit 3): tests failed'],
    ]);
    expect(st.paused.reason).toBe(`task ${id} failed 2 times (last: the check command failed (exit 3): tests failed); a person should look`);
    expect((await s.api('GET', `/tasks/${id}`)).body.status).toBe('open');
    // The person is asked: an autopilot_stuck alert (→ in-app notification) for the project.
    const alert = await waitFor(
      async () => ((await s.api('GET', '/alerts?status=open')).body.items as any[]).find((a) => a.rule === 'autopilot_stuck' && a.subject.id === P),
      { what: 'the autopilot_stuck alert', timeoutMs: 30_000 },
    );
    expect(alert).toMatchObject({ subject: { kind: 'project', id: P }, details: { taskId: id } });
    expect(alert.title).toContain(`task ${id} failed 2 times`);
    const audit = (await s.api('GET', '/audit?action=autopilot.paused&limit=50')).body.items as { targets: Record<string, string> }[];
    expect(audit.some((a) => a.targets.projectId === P && a.targets.taskId === id)).toBe(true);
    // A person resumes it: the alert resolves.
    const resumed = await s.api('POST', `/tasks/autopilot/${P}/pause`, { paused: false });
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
    expect(resumed.body.paused).toBeUndefined();
    await waitFor(async () => ((await s.api('GET', '/alerts?status=resolved')).body.items as any[]).find((a) => a.id === alert.id), {
      what: 'the alert resolved',
      timeoutMs: 30_000,
    });
    await s.api('PUT', `/tasks/autopilot/${P}`, { enabled: false, workingDirectory: '/tmp' });
  }, 240_000);

  it('a person pauses it (operator, REST): nothing starts until unpaused; paused and resumed are events and audit records', async () => {
    const P = 'prj_autopilot000006';
    const set = await autopilot(P, { enabled: false, workingDirectory: repo(s.tmp('fw-ap-repo-')), isolation: 'none' });
    expect(set.status).toBe(200);
    // Bad input → 400 naming the field; an unknown project → 404 (a viewer's 403 is test/e2e/edge-access-matrix.test.ts, over every operator route).
    const bad = await s.api('POST', `/tasks/autopilot/${P}/pause`, { paused: 'yes' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('paused');
    expect((await s.api('POST', '/tasks/autopilot/prj_nosuchproject01/pause', { paused: true })).status).toBe(404);
    const paused = await s.api('POST', `/tasks/autopilot/${P}/pause`, { paused: true, reason: 'release freeze' });
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    expect(paused.body.paused.reason).toMatch(/^paused by \S+: release freeze$/);
    await autopilot(P, { enabled: true, workingDirectory: set.body.workingDirectory, isolation: 'none' });
    // Turning it on again clears a pause (documented); pause it again while on, then add work.
    await s.api('POST', `/tasks/autopilot/${P}/pause`, { paused: true, reason: 'hold on' });
    const id = (await s.api('POST', '/tasks', { projectId: P, title: 'waits for the unpause', priority: 1 })).body.id as string;
    model.setScript(`task-${id}`, completes(id));
    await live.next(
      (e) => e.channel === `workspace:tasks:${P}` && (e.data as any).action === 'paused' && /hold on$/.test((e.data as any).reason),
      'paused on WS',
    );
    // While paused the ready task stays open (the create's own tick has run: the task is in the ready view).
    expect((await s.api('GET', `/tasks?projectId=${P}&view=ready`)).body.items.map((t: { id: string }) => t.id)).toEqual([id]);
    expect((await statusOf(P)).runs).toEqual([]);
    const un = await s.api('POST', `/tasks/autopilot/${P}/pause`, { paused: false });
    expect(un.status).toBe(200);
    await waitFor(async () => ((await s.api('GET', `/tasks/${id}`)).body.status === 'done' ? true : undefined), {
      what: 'the task done after the unpause',
      timeoutMs: 120_000,
    });
    await live.next((e) => e.channel === `workspace:tasks:${P}` && (e.data as any).action === 'resumed', 'resumed on WS');
    const audit = (await s.api('GET', '/audit?limit=500')).body.items as { action: string; targets: Record<string, string> }[];
    const mine = audit.filter((a) => a.targets.projectId === P).map((a) => a.action);
    expect(mine).toContain('autopilot.paused');
    expect(mine).toContain('autopilot.resumed');
    expect(audit.filter((a) => a.action === 'tasks.pauseAutopilot').length).toBeGreaterThanOrEqual(3);
  }, 180_000);

  it('the guard pauses it: denied commands of its agents past guardPauseAfter stop new work; velocity counts the blocks', async () => {
    const P = 'prj_autopilot000007';
    const first = (await s.api('POST', '/tasks', { projectId: P, title: 'dangerous', priority: 1 })).body.id as string;
    // Ready once the first is done: the completion's tick would start it if the guard had not paused the autopilot.
    const second = (await s.api('POST', '/tasks', { projectId: P, title: 'next', priority: 2, dependencies: [{ type: 'blocks', dependsOn: first }] })).body
      .id as string;
    model.setScript(`task-${second}`, completes(second));
    model.setScript(`task-${first}`, [
      { model: MODEL, content: [{ type: 'tool_use' as const, name: 'Bash', input: { command: 'git reset --hard HEAD~3', description: 'reset' } }], usage },
      ...completes(first),
    ]);
    await autopilot(P, { maxConcurrency: 1, workingDirectory: repo(s.tmp('fw-ap-repo-')), isolation: 'none', guardPauseAfter: 1, guardPauseWindowS: 600 });
    const st = await waitFor(
      async () => {
        const x = await statusOf(P);
        return x.paused ? x : undefined;
      },
      { what: 'paused by the guard', timeoutMs: 120_000 },
    );
    expect(st.paused.reason).toMatch(/^guard: 1 commands of the project's agents denied within 600s \(last: agent \S+, rule \S+\)$/);
    await live.next(
      (e) => e.channel === `workspace:tasks:${P}` && (e.data as any).action === 'paused' && /^guard/.test((e.data as any).reason),
      'paused on WS',
    );
    // The running task goes on and completes; new work does not start while paused.
    await waitFor(async () => ((await s.api('GET', `/tasks/${first}`)).body.status === 'done' ? true : undefined), {
      what: 'the first task done',
      timeoutMs: 120_000,
    });
    await live.next(
      (e) => e.channel === `workspace:tasks:${P}` && (e.data as any).type === 'completed' && (e.data as any).task.id === first,
      'first completed',
    );
    const after = await statusOf(P);
    expect(after.paused.reason).toBe(st.paused.reason);
    expect(after.runs.map((r: { taskId: string }) => r.taskId)).toEqual([first]);
    expect((await s.api('GET', `/tasks/${second}`)).body.status).toBe('open');
    const v = (await s.api('GET', `/analytics/velocity?projectId=${P}`)).body.total;
    expect(v).toMatchObject({ completed: 1, guardBlocks: 1 });
    expect(v.toolCalls).toBeGreaterThanOrEqual(2);
  }, 180_000);
});
