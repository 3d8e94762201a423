import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import {
  agentRpcs,
  AppError,
  auditRecordEvent,
  costRpcs,
  newId,
  type AgentEvent,
  type AutopilotConfig,
  type AutopilotEvent,
  type AutopilotStatus,
  type DcgEvent,
  type Task,
} from '@flywheel/contracts';
import type { DurablePublisher, RpcCall } from '@flywheel/kit';
import { assertSees, type Caller } from '../domain/access.ts';
import { agentFor, branchFor, budgetStop, envFor, promptFor } from '../domain/autopilot-plan.ts';
import type { StoredAutopilot, StoredRun } from '../db/autopilot-repo.ts';
import { iso, type CoordCore } from './core.ts';
import { claimTask, completeTask, listTasks, updateTask } from './tasks.ts';

const run = promisify(execFile);
/** How often the autopilot asks a runner to end an agent before it gives up (1 s doubling to 10 s: ~1 min). */
const END_ATTEMPTS = 10;
const INTERNAL: Caller = {};
const ACTOR = 'autopilot';
/** A task that failed this often stops the autopilot for a person to look. */
const MAX_FAILURES = 2;

export interface AutopilotPeers {
  runner: RpcCall;
  cost: RpcCall;
  durable: DurablePublisher;
}

/**
 * Per project: claims ready tasks in priority order and starts an agent for each (at most maxConcurrency at once),
 * marks the run done when the task is completed (then ends the agent and starts what became ready), and stops starting
 * work when the budget would be exceeded, when paused, or when a task failed twice. Every step is an event on
 * `workspace:tasks:<projectId>` and an audit record.
 */
export function createAutopilot(core: CoordCore, peers: AutopilotPeers) {
  const log = core.logger.child({ mod: 'autopilot' });
  const chains = new Map<string, Promise<void>>();
  /** Agents seen executing: a return to `ready` after that is a turn that ended without completing the task. */
  const executing = new Set<string>();
  let stopped = false;

  const audit = (projectId: string, accountId: string | undefined, action: AutopilotEvent['action'], targets: Record<string, string>, ok = true) => {
    void peers.durable
      .publish(
        auditRecordEvent,
        [],
        {
          id: newId('aud', 12),
          ts: iso(core.now()),
          event: 'autopilot',
          action: `autopilot.${action}`,
          method: 'POST',
          route: `autopilot/${projectId}`,
          targets: { projectId, ...targets },
          fields: [],
          status: ok ? 200 : 409,
          outcome: ok ? 'success' : 'failure',
          ...(accountId ? { accountId } : {}),
          actor: ACTOR,
          requestId: newId('req', 8),
        },
        newId('aud', 12),
      )
      .catch((err: Error) => log.warn({ err: err.message }, 'audit record not published'));
  };
  const say = (
    a: StoredAutopilot,
    action: AutopilotEvent['action'],
    e: { taskId?: string; agentId?: string; reason?: string; needsHuman?: boolean; accountId?: string } = {},
    ok = true,
  ) => {
    core.events.autopilot({ action, projectId: a.projectId, ...e }, a.accountId);
    audit(
      a.projectId,
      a.accountId,
      action,
      { ...(e.taskId ? { taskId: e.taskId } : {}), ...(e.agentId ? { agentId: e.agentId } : {}), ...(e.reason ? { reason: e.reason.slice(0, 200) } : {}) },
      ok,
    );
  };

  const pause = (a: StoredAutopilot, reason: string, e: { taskId?: string; needsHuman?: boolean } = {}) => {
    if (core.repos.autopilot.get(a.projectId)?.paused) return;
    core.repos.autopilot.pause(a.projectId, reason, iso(core.now()));
    log.info({ projectId: a.projectId, reason }, 'autopilot paused');
    const human = e.needsHuman ? { needsHuman: true, ...(a.accountId ? { accountId: a.accountId } : {}) } : {};
    say(a, 'paused', { reason, ...(e.taskId ? { taskId: e.taskId } : {}), ...human }, false);
  };
  /** Guard denials of the agents each project's autopilot started, newest last (for the guard pause). */
  const denials = new Map<string, number[]>();

  /** One tick at a time per project. */
  const tick = (projectId: string): Promise<void> => {
    const next = (chains.get(projectId) ?? Promise.resolve())
      .then(() => step(projectId))
      .catch((err: Error) => log.error({ err: err.message, projectId }, 'autopilot step failed'));
    chains.set(projectId, next);
    return next;
  };

  async function spent(a: StoredAutopilot): Promise<{ total: number; perDone: number[] }> {
    const s = await peers.cost(costRpcs.summary, { projectId: a.projectId, groupBy: 'agent' });
    const byAgent = new Map(s.rows.map((r) => [r.key, r.costUsd]));
    const done = core.repos.autopilot.runs(a.projectId).filter((r) => r.status === 'done' && r.agentId);
    return { total: s.total.costUsd, perDone: done.map((r) => byAgent.get(r.agentId!) ?? 0) };
  }

  /** Whether `dir` is a git worktree with `branch` checked out. */
  async function onBranch(dir: string, branch: string): Promise<boolean> {
    if (!existsSync(dir)) return false;
    try {
      const { stdout } = await run('git', ['-C', dir, 'rev-parse', '--abbrev-ref', 'HEAD'], { timeout: 30_000 });
      return String(stdout).trim() === branch;
    } catch {
      return false;
    }
  }

  async function worktreeFor(cfg: AutopilotConfig, taskId: string): Promise<string> {
    if (cfg.isolation === 'none') return cfg.workingDirectory;
    const dir = join(dirname(cfg.workingDirectory), `${basename(cfg.workingDirectory)}.tasks`, taskId);
    const branch = branchFor(taskId);
    // A retried task keeps its worktree (and what the attempt before did there): `worktree add` refuses an existing one.
    if (await onBranch(dir, branch)) return dir;
    await run('git', ['-C', cfg.workingDirectory, 'worktree', 'add', '-B', branch, dir], { timeout: 30_000 });
    return dir;
  }

  async function step(projectId: string): Promise<void> {
    if (stopped) return;
    for (;;) {
      const a = core.repos.autopilot.get(projectId);
      if (!a || !a.config.enabled || a.paused) return;
      const cfg = a.config;
      if (core.repos.autopilot.running(projectId).length >= cfg.maxConcurrency) return;
      const failures = (taskId: string) => core.repos.autopilot.runs(projectId).filter((r) => r.taskId === taskId && r.status === 'failed').length;
      const ready = listTasks(core, { projectId, view: 'ready', limit: 5000 }, INTERNAL).items.filter((t) => failures(t.id) < MAX_FAILURES);
      const task = ready[0];
      if (!task) return;
      if (cfg.budgetUsd !== undefined) {
        const s = await spent(a);
        const stop = budgetStop(cfg.budgetUsd, s.total, s.perDone);
        if (stop) return pause(a, stop);
      }
      await start(a, task, failures(task.id) + 1);
    }
  }

  async function start(a: StoredAutopilot, task: Task, attempt: number): Promise<void> {
    const cfg = a.config;
    claimTask(core, { id: task.id, agentId: ACTOR, actor: ACTOR }, INTERNAL);
    say(a, 'claimed', { taskId: task.id });
    const startedAt = iso(core.now());
    const seq = core.repos.autopilot.start({ projectId: a.projectId, taskId: task.id, attempt, status: 'running', startedAt });
    try {
      const dir = await worktreeFor(cfg, task.id);
      const parents = task.dependencies.map((d) => core.repos.tasks.get(d.dependsOn)).filter((t): t is NonNullable<typeof t> => !!t);
      const { driver, model } = agentFor(cfg, task);
      const agent = await peers.runner(agentRpcs.spawn, {
        driver,
        ...(model ? { model } : {}),
        workingDirectory: dir,
        prompt: promptFor(task, parents),
        env: envFor(cfg, task.id),
        projectId: a.projectId,
        name: `task ${task.id}`.slice(0, 100),
        actor: ACTOR,
        ...(a.accountId ? { accountId: a.accountId } : {}),
      });
      core.repos.autopilot.setAgent(seq, agent.id, dir);
      updateTask(core, { id: task.id, patch: { assignee: agent.id }, actor: ACTOR }, INTERNAL);
      say(a, 'spawned', { taskId: task.id, agentId: agent.id });
    } catch (err) {
      fail(a, { seq, projectId: a.projectId, taskId: task.id, attempt, status: 'running', startedAt }, `could not start: ${(err as Error).message}`);
    }
  }

  function fail(a: StoredAutopilot, r: StoredRun, reason: string): void {
    core.repos.autopilot.end(r.seq, 'failed', iso(core.now()), reason);
    const t = core.repos.tasks.get(r.taskId);
    if (t && t.status === 'in_progress') updateTask(core, { id: t.id, patch: { status: 'open', assignee: null }, actor: ACTOR }, INTERNAL);
    say(a, 'failed', { taskId: r.taskId, ...(r.agentId ? { agentId: r.agentId } : {}), reason }, false);
    if (r.attempt >= MAX_FAILURES)
      pause(a, `task ${r.taskId} failed ${r.attempt} times (last: ${reason}); a person should look`, { taskId: r.taskId, needsHuman: true });
  }

  /** The agent ended its turn without completing the task: the project's check command decides, in the task's worktree. */
  async function check(a: StoredAutopilot, r: StoredRun, command: string): Promise<void> {
    const cwd = r.worktree ?? a.config.workingDirectory;
    const timeoutS = a.config.checkTimeoutS ?? 300;
    let verdict: { ok: true } | { ok: false; reason: string };
    try {
      await run('/bin/sh', ['-c', command], { cwd, timeout: timeoutS * 1000, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024 });
      verdict = { ok: true };
    } catch (err) {
      const e = err as { code?: number | string; killed?: boolean; stderr?: string; stdout?: string };
      const tail = `${e.stderr ?? ''}${e.stdout ?? ''}`.trim().slice(-300);
      verdict = {
        ok: false,
        reason: e.killed ? `the check command ran past ${timeoutS}s` : `the check command failed (exit ${e.code ?? '?'})${tail ? `: ${tail}` : ''}`,
      };
    }
    const still = core.repos.autopilot.runningFor(r.taskId);
    if (!still || still.seq !== r.seq) return;
    if (verdict.ok) {
      say(a, 'checked', { taskId: r.taskId, ...(r.agentId ? { agentId: r.agentId } : {}), reason: `${command} passed` });
      // Completing the task ends the run through the taskDone hook (done, agent ended, next tasks started).
      try {
        completeTask(core, { id: r.taskId, note: `check passed: ${command}`, actor: ACTOR }, INTERNAL);
        return;
      } catch (err) {
        // E.g. a blocker reopened meanwhile: the attempt fails with why.
        verdict = { ok: false, reason: `the check passed but the task could not be completed: ${(err as Error).message}` };
      }
    }
    fail(a, r, verdict.reason);
    if (r.agentId) endAgent(r.agentId);
    void tick(r.projectId);
  }

  /**
   * Ends an agent the autopilot started, asking until its runner answers: a call lost while NATS fails over (a node
   * killed) left a finished task's agent running and holding its leases. NOT_FOUND / CONFLICT: it has ended already.
   */
  function endAgent(agentId: string, attempt = 1): void {
    if (stopped) return;
    peers.runner(agentRpcs.terminate, { agentId, actor: ACTOR }).catch((err: Error & { code?: string }) => {
      if (err.code === 'NOT_FOUND' || err.code === 'CONFLICT') return;
      if (attempt >= END_ATTEMPTS) return void log.warn({ err: err.message, agentId, attempts: attempt }, 'agent not ended');
      const t = setTimeout(() => endAgent(agentId, attempt + 1), Math.min(1000 * 2 ** (attempt - 1), 10_000));
      t.unref();
    });
  }

  core.hooks = {
    taskDone(task) {
      const r = core.repos.autopilot.runningFor(task.id);
      const a = core.repos.autopilot.get(task.projectId);
      if (!r || !a) return;
      core.repos.autopilot.end(r.seq, 'done', iso(core.now()));
      say(a, 'completed', { taskId: task.id, ...(r.agentId ? { agentId: r.agentId } : {}) });
      if (r.agentId) {
        executing.delete(r.agentId);
        endAgent(r.agentId);
      }
      void tick(task.projectId);
    },
    agentState(e: AgentEvent) {
      if (e.type !== 'state') return;
      const r = core.repos.autopilot.byAgent(e.agentId);
      if (!r) return;
      if (e.to === 'executing') executing.add(e.agentId);
      // A pause (usage limit, budget) is not the end of a turn: the resume's `ready` is not either; its next turn counts.
      if (e.to === 'paused') executing.delete(e.agentId);
      const turnOver = e.to === 'ready' && executing.has(e.agentId);
      if (!turnOver && e.to !== 'failed' && e.to !== 'terminated') return;
      executing.delete(e.agentId);
      const a = core.repos.autopilot.get(r.projectId);
      if (!a) return;
      if (turnOver && a.config.checkCommand) {
        const command = a.config.checkCommand;
        void check(a, r, command).catch((err: Error) => log.error({ err: err.message, taskId: r.taskId }, 'check failed to run'));
        return;
      }
      fail(a, r, turnOver ? 'the agent ended its turn without completing the task' : `the agent ${e.to}`);
      if (turnOver) endAgent(e.agentId);
      void tick(r.projectId);
    },
  };

  return {
    status(projectId: string, caller: Caller): AutopilotStatus {
      const a = core.repos.autopilot.get(projectId);
      if (!a) throw new AppError('NOT_FOUND', `no autopilot for project ${projectId}`);
      assertSees(caller, a.accountId, `project ${projectId}`);
      return {
        ...a.config,
        projectId,
        updatedAt: a.updatedAt,
        ...(a.updatedBy ? { updatedBy: a.updatedBy } : {}),
        ...(a.paused ? { paused: a.paused } : {}),
        runs: core.repos.autopilot.runs(projectId).map(({ seq: _s, projectId: _p, ...r }) => r),
      };
    },
    /** Sets the configuration; turning it on (again) clears a pause and starts work. */
    configure(req: { projectId: string; config: AutopilotConfig; actor?: string }, caller: Caller): AutopilotStatus {
      const owner = core.repos.tasks.owner(req.projectId) ?? core.repos.autopilot.get(req.projectId);
      if (owner) assertSees(caller, owner.accountId, `project ${req.projectId}`);
      const before = core.repos.autopilot.get(req.projectId);
      const a: StoredAutopilot = {
        projectId: req.projectId,
        config: req.config,
        updatedAt: iso(core.now()),
        ...(req.actor ? { updatedBy: req.actor } : {}),
        ...((owner?.accountId ?? caller.accountId) ? { accountId: owner?.accountId ?? caller.accountId } : {}),
        ...(before?.paused && !req.config.enabled ? { paused: before.paused } : {}),
      };
      core.repos.autopilot.put(a);
      if (before?.paused && req.config.enabled) say(a, 'resumed');
      if (!req.config.enabled && before?.config.enabled) say(a, 'paused', { reason: `turned off by ${req.actor ?? 'a person'}` });
      void tick(req.projectId);
      return this.status(req.projectId, INTERNAL);
    },
    /** A person pauses it (nothing new starts; what runs goes on) or lets it go on. */
    pauseByPerson(req: { projectId: string; paused: boolean; reason?: string; actor?: string }, caller: Caller): AutopilotStatus {
      const a = core.repos.autopilot.get(req.projectId);
      if (!a) throw new AppError('NOT_FOUND', `no autopilot for project ${req.projectId}`);
      assertSees(caller, a.accountId, `project ${req.projectId}`);
      if (req.paused) pause(a, `paused by ${req.actor ?? 'a person'}${req.reason ? `: ${req.reason}` : ''}`);
      else if (a.paused) {
        core.repos.autopilot.pause(req.projectId, null, null);
        denials.delete(req.projectId);
        say(a, 'resumed', { reason: `resumed by ${req.actor ?? 'a person'}` });
        void tick(req.projectId);
      }
      return this.status(req.projectId, INTERNAL);
    },
    /** A guard decision: denials of the agents a project's autopilot started count towards its guard pause. */
    onGuard(e: DcgEvent): void {
      if (e.type !== 'decision' || e.decision.decision !== 'deny' || !e.decision.agentId) return;
      const r = core.repos.autopilot.byAgent(e.decision.agentId);
      if (!r) return;
      const a = core.repos.autopilot.get(r.projectId);
      if (!a || a.paused || !a.config.enabled) return;
      const after = a.config.guardPauseAfter ?? 5;
      if (after === 0) return;
      const t = Date.parse(e.decision.ts);
      const windowMs = (a.config.guardPauseWindowS ?? 300) * 1000;
      const kept = [...(denials.get(r.projectId) ?? []).filter((x) => t - x < windowMs), t];
      denials.set(r.projectId, kept);
      if (kept.length >= after)
        pause(
          a,
          `guard: ${kept.length} commands of the project's agents denied within ${a.config.guardPauseWindowS ?? 300}s (last: agent ${e.decision.agentId}, rule ${e.decision.ruleId ?? '?'})`,
        );
    },
    /** After a restart: look for work in every enabled project. */
    resume(): void {
      for (const p of core.repos.autopilot.enabled()) void tick(p);
    },
    async stop(): Promise<void> {
      stopped = true;
      await Promise.all([...chains.values()]);
    },
  };
}
export type Autopilot = ReturnType<typeof createAutopilot>;
