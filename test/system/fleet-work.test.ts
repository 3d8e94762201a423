/**
 * The system tier, the work round: the work graph's autopilot drives real Claude Code agents (sdk driver, scripted
 * model) on the 3-node NATS cluster (streams and KV with 3 replicas), two runners, cost as a process, safety,
 * coordination, a ws-hub and the gateway. Two projects, one with every task in its own git worktree and one in the
 * repository itself; each task's agent reserves its file, writes it with a guarded Bash call, tells the project,
 * and completes its task through the MCP tools; one task meets a scripted usage limit mid-task (429, reset 5 s ahead)
 * and resumes by itself (the autopilot must not take the pause for the end of its turn); one hands its reservation
 * to an agent spawned for it. (No fault here: fleet-faults.test.ts kills the parts.) Then: every task done exactly once by its own
 * agent, every file where its isolation puts it, no reservation left behind, the handoff completed, and the books
 * exact (every acknowledged usage record counted once by cost, its totals the script's).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@flywheel/kit/testing';
import type { ContentBlock, ScriptedModel } from '@flywheel/scripted-model';
import type { Stack } from '../support/index.ts';
import { claudeEnv, MODEL } from '../e2e/helpers/agent-cli.ts';
import { RESUME_MESSAGE } from '../e2e/helpers/model-stack.ts';
import { mainRepo } from '../e2e/helpers/git-repo.ts';
import { waitState } from '../e2e/helpers/agent-events.ts';
import { ackedUsage, add, classify, costRecords, costTotals, reportedUsage, zero, type Tokens } from './helpers/books.ts';
import { startSystem, type SystemStack } from './helpers/system-stack.ts';

/** Tasks per project; with two projects half the agents work in worktrees. */
const TASKS = 5;
const CONCURRENCY = 3;
const WORKTREE_PROJECT = 'prj_systemwork00001';
const REPO_PROJECT = 'prj_systemwork00002';
const RUNNER_ENV = { HEARTBEAT_MS: '500', GUARD_TIMEOUT_MS: '30000', USAGE_RESUME_JITTER_MS: '200', USAGE_RESUME_MESSAGE: RESUME_MESSAGE };

interface Turn {
  id: string;
  model: string;
  content: ContentBlock[];
  usage: { input_tokens: number; output_tokens: number; cache_read_input_tokens: number; cache_creation_input_tokens: number };
}
const turn = (id: string, n: number, content: ContentBlock[]): Turn => ({
  id,
  model: MODEL,
  content,
  usage: { input_tokens: 100 + n, output_tokens: 10 + n, cache_read_input_tokens: 200 + n, cache_creation_input_tokens: 30 + n },
});
const tool = (name: string, input: Record<string, unknown>): ContentBlock => ({ type: 'tool_use', name, input });
const tokensOf = (t: Turn): Tokens => ({
  input: t.usage.input_tokens,
  output: t.usage.output_tokens,
  cacheRead: t.usage.cache_read_input_tokens,
  cacheWrite: t.usage.cache_creation_input_tokens,
});

/** A task agent's turns: reserve its file, write it (guarded Bash), tell the project, (hand off), complete, answer. */
function taskTurns(taskId: string, handoffEnv?: Record<string, string>): Turn[] {
  const file = `notes/${taskId}.txt`;
  const m = (n: number) => `msg_work_${taskId}_${n}`;
  return [
    turn(m(1), 1, [tool('mcp__flywheel__reserve_paths', { patterns: [file], ttlSeconds: 600, reason: `task ${taskId}` })]),
    turn(m(2), 2, [tool('Bash', { command: `mkdir -p notes && echo ${taskId} > ${file}`, description: 'write the task file' })]),
    turn(m(3), 3, [tool('mcp__flywheel__send_message', { to: 'all', subject: `wrote ${file}` })]),
    ...(handoffEnv
      ? [
          turn(m(4), 4, [
            tool('mcp__flywheel__request_handoff', {
              spawn: { driver: 'sdk', model: MODEL, env: handoffEnv },
              context: { goal: `review ${file}`, status: 'partial', decisions: [], blockers: [], filesTouched: [file] },
            }),
          ]),
        ]
      : []),
    turn(m(5), 5, [tool('mcp__flywheel__complete_task', { taskId, note: `finished ${taskId}` })]),
    turn(m(6), 6, [{ type: 'text' as const, text: `Task ${taskId} is done.` }]),
  ];
}
/** The agent a handoff spawns: one answer. */
const handoffTurns = (taskId: string): Turn[] => [turn(`msg_work_${taskId}_handoff`, 7, [{ type: 'text' as const, text: `Reviewed ${taskId}.` }])];

let model: ScriptedModel;
let s: Stack;
let sys: SystemStack | undefined;

beforeAll(async () => {
  sys = await startSystem(['ws-hub'], RUNNER_ENV);
  ({ model, s } = sys);
}, 300_000);
afterAll(async () => {
  await sys?.stop();
}, 120_000);

interface Task {
  id: string;
  status: string;
  assignee?: string;
}
interface Run {
  taskId: string;
  agentId: string;
  status: string;
}

describe('system: the autopilot’s fleet in worktrees and in a repository on a 3-node NATS cluster', () => {
  it('every task done once by its own agent, files where their isolation puts them, no lease left, handoff done, books exact', async () => {
    const scripts = new Map<string, Turn>();
    const setScript = (key: string, turns: Turn[], limitMidTask = false) => {
      for (const t of turns) scripts.set(t.id, t);
      const limit = {
        error: { status: 429, type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit', forMs: 5000 },
      };
      // Mid-task: after its first tool call, so the agent is executing when the limit stops it.
      model.setScript(key, limitMidTask ? [turns[0], limit, ...turns.slice(1)] : turns);
    };
    const repos: Record<string, string> = { [WORKTREE_PROJECT]: mainRepo(s.tmp('fw-work-wt-')), [REPO_PROJECT]: mainRepo(s.tmp('fw-work-repo-')) };
    const tasks: Record<string, string[]> = { [WORKTREE_PROJECT]: [], [REPO_PROJECT]: [] };
    let limited = '';
    let handedOff = '';
    for (const projectId of [WORKTREE_PROJECT, REPO_PROJECT]) {
      for (let k = 0; k < TASKS; k++) {
        // Two tasks wait for the first; the others are ready at once.
        const dependsOn = k === 1 || k === 2 ? [tasks[projectId][0]] : [];
        const r = await s.http('POST', '/tasks', {
          projectId,
          title: `${projectId} task ${k}`,
          priority: k,
          acceptance: 'its file exists',
          dependencies: dependsOn.map((d) => ({ type: 'blocks', dependsOn: d })),
        });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        const id = r.body.id as string;
        tasks[projectId].push(id);
        if (projectId === WORKTREE_PROJECT && k === 3) limited = id;
        if (projectId === REPO_PROJECT && k === 4) handedOff = id;
        const handoffEnv = id === handedOff ? claudeEnv(model.url, `handoff-${id}`, s.tmp('fw-work-home-')) : undefined;
        if (handoffEnv) setScript(`handoff-${id}`, handoffTurns(id));
        setScript(`task-${id}`, taskTurns(id, handoffEnv), id === limited);
      }
    }
    for (const [projectId, isolation] of [
      [WORKTREE_PROJECT, 'worktree'],
      [REPO_PROJECT, 'none'],
    ] as const) {
      const r = await s.http('PUT', `/tasks/autopilot/${projectId}`, {
        enabled: true,
        model: MODEL,
        maxConcurrency: CONCURRENCY,
        workingDirectory: repos[projectId],
        isolation,
        env: claudeEnv(model.url, 'task-${TASK_ID}', s.tmp('fw-work-home-')),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }

    const doneCount = async () => {
      let n = 0;
      for (const projectId of [WORKTREE_PROJECT, REPO_PROJECT])
        n += ((await s.http('GET', `/tasks?projectId=${projectId}`)).body.items as Task[]).filter((t) => t.status === 'done').length;
      return n;
    };
    await waitFor(async () => (await doneCount()) === 2 * TASKS, { what: 'every task done', timeoutMs: 420_000, intervalMs: 500 }).catch(async (err) => {
      // What the autopilot and its agents were doing, to read the failure by.
      for (const projectId of [WORKTREE_PROJECT, REPO_PROJECT]) {
        const status = (await s.http('GET', `/tasks/autopilot/${projectId}`)).body;
        const items = (await s.http('GET', `/tasks?projectId=${projectId}`)).body.items as Task[];
        console.log(projectId, JSON.stringify({ paused: status.paused, tasks: items.map((t) => [t.id, t.status, t.assignee]) }));
        for (const r of status.runs as (Run & { reason?: string })[]) {
          const a = (await s.http('GET', `/agents/${r.agentId}`)).body;
          console.log(`  run ${r.taskId} ${r.status} ${r.reason ?? ''} agent ${r.agentId} ${a.state} ${a.attention ?? ''} ${a.pauseReason ?? ''}`);
          if (r.status !== 'failed' || !r.agentId) continue;
          const events = (await s.http('GET', `/agents/${r.agentId}/events?limit=1000`)).body.items as Record<string, unknown>[];
          for (const e of events.filter((x) => x.type !== 'usage'))
            console.log(`    ${e.type} ${JSON.stringify(e.text ?? e.result ?? e.input ?? e.to ?? '').slice(0, 200)}`);
        }
      }
      throw err;
    });

    const agents: string[] = [];
    for (const projectId of [WORKTREE_PROJECT, REPO_PROJECT]) {
      const status = (await s.http('GET', `/tasks/autopilot/${projectId}`)).body;
      expect(status.paused, JSON.stringify(status)).toBeUndefined();
      const runs = status.runs as Run[];
      // One run per task, each done: no task was started twice.
      expect(runs.map((r) => r.taskId).sort()).toEqual([...tasks[projectId]].sort());
      expect(runs.map((r) => r.status)).toEqual(runs.map(() => 'done'));
      for (const r of runs) {
        agents.push(r.agentId);
        const history = (await s.http('GET', `/tasks/${r.taskId}/history`)).body.items as { action: string; agentId?: string }[];
        const completed = history.filter((h) => h.action === 'completed');
        expect(completed.map((h) => h.agentId)).toEqual([r.agentId]);
        // The file is where the isolation puts it: the task's worktree, or the repository itself.
        const where = projectId === WORKTREE_PROJECT ? `${repos[projectId]}.tasks/${r.taskId}` : repos[projectId];
        expect(readFileSync(join(where, 'notes', `${r.taskId}.txt`), 'utf8')).toBe(`${r.taskId}\n`);
        if (projectId === WORKTREE_PROJECT) expect(existsSync(join(repos[projectId], 'notes', `${r.taskId}.txt`))).toBe(false);
      }
    }

    // The limited task paused at the usage limit with a reset time, and went on by itself.
    const limitedRun = ((await s.http('GET', `/tasks/autopilot/${WORKTREE_PROJECT}`)).body.runs as Run[]).find((r) => r.taskId === limited)!;
    const history = (await s.http('GET', `/agents/${limitedRun.agentId}/events?limit=1000`)).body.items as {
      type: string;
      to?: string;
      pauseReason?: string;
      resumeAt?: string;
    }[];
    expect(history.find((e) => e.type === 'state' && e.to === 'paused')).toMatchObject({ pauseReason: 'usage_limit', resumeAt: expect.any(String) });

    // The handoff spawned its agent, which answered, holding the reservation it was handed.
    const handoffs = (await s.http('GET', `/handoffs?projectId=${REPO_PROJECT}`)).body.items as { phase: string; toAgentId?: string; fromAgentId: string }[];
    expect(handoffs.map((h) => h.phase)).toEqual(['completed']);
    const target = handoffs[0].toAgentId!;
    agents.push(target);
    await waitState(s, target, 'ready', 120_000);

    // No reservation outlives its agent: the task agents were terminated; the handoff's target is stopped now.
    const ended = await s.http('DELETE', `/agents/${target}`);
    expect(ended.status, JSON.stringify(ended.body)).toBeLessThan(300);
    const active = async () => {
      const out: { id: string; agentId: string; patterns: string[] }[] = [];
      for (const projectId of [WORKTREE_PROJECT, REPO_PROJECT])
        out.push(...(await s.http('GET', `/reservations?projectId=${projectId}&status=active`)).body.items);
      return out;
    };
    await waitFor(async () => (await active()).length === 0, { what: 'no active reservation', timeoutMs: 60_000, intervalMs: 250 }).catch(async (err) => {
      for (const r of await active())
        console.log(`  active ${r.id} ${r.agentId} ${r.patterns} agent ${(await s.http('GET', `/agents/${r.agentId}`)).body.state}`);
      throw err;
    });

    // Messages: each "wrote" message stored once.
    for (const projectId of [WORKTREE_PROJECT, REPO_PROJECT]) {
      const subjects = ((await s.http('GET', `/messages?projectId=${projectId}&limit=200`)).body.items as { subject: string }[]).map((m) => m.subject);
      expect(subjects.length).toBe(new Set(subjects).size);
    }

    // The books: every acknowledged usage record counted by cost exactly once; the totals are the script's.
    const reported = await reportedUsage(s, agents);
    for (const [id, v] of reported) expect([id, v.tokens]).toEqual([id, tokensOf(scripts.get(id)!)]);
    // Every turn up to complete_task happened; the answer after it may not (the autopilot ends the agent once its task is done).
    for (const id of scripts.keys()) if (!id.endsWith('_6')) expect(reported.has(id), `${id} reported`).toBe(true);
    const acked = await ackedUsage(s.nc);
    await waitFor(async () => (await costTotals(s)).records >= acked.size, {
      timeoutMs: 60_000,
      intervalMs: 200,
      what: `cost has all ${acked.size} acked records`,
    });
    const records = await costRecords(s);
    const verdict = classify(reported, acked, records);
    console.log(`work round: ${verdict.ok} ok, ${verdict.lost.length} lost, ${verdict.unknown.length} unknown, ${verdict.storedTwice.length} stored twice`);
    expect(verdict).toMatchObject({ lost: [], doubled: [], unreported: [], unknown: [] });
    const sum = records.map((x) => tokensOf(scripts.get(x.messageId)!)).reduce(add, zero());
    expect(records.length).toBe(reported.size);
    expect(await costTotals(s)).toMatchObject({
      records: records.length,
      inputTokens: sum.input,
      outputTokens: sum.output,
      cacheReadTokens: sum.cacheRead,
      cacheWriteTokens: sum.cacheWrite,
    });
  }, 900_000);
});
