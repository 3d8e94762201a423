import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { agentRpcs, dcgRpcs, type AgentInfo } from '@flywheel/contracts';
import type { RpcCall } from '@flywheel/kit';
import { branchFor } from '../domain/autopilot-plan.ts';

const run = promisify(execFile);
const git = async (dir: string, args: string[]): Promise<string | undefined> =>
  run('git', ['-C', dir, ...args], { timeout: 15_000, maxBuffer: 16 * 1024 * 1024 })
    .then((r) => r.stdout.trim())
    .catch(() => undefined);
/** Most pages read per agent and log (1000 items each): a bound on what one velocity call asks. */
const MAX_PAGES = 20;

export interface AgentFacts {
  hours: number;
  toolCalls: number;
  guardBlocks: number;
}

export interface WorkFactPeers {
  runner: RpcCall;
  safety: RpcCall;
}

const ENDED = new Set(['terminated', 'failed']);

/** How long an agent ran: created → its end (the last update of an ended agent), else → its last activity. */
function hoursOf(a: AgentInfo, now: Date): number {
  const end = ENDED.has(a.state) ? a.updatedAt : (a.lastActivityAt ?? now.toISOString());
  return Math.max(0, Date.parse(end) - Date.parse(a.createdAt)) / 3_600_000;
}

/**
 * What other services stored about an agent's work: its run time (agent-runner), its tool calls (agent-runner's event
 * log) and the commands the guard denied it (safety's decision log). Unknown (a service that does not answer, an agent
 * it does not know) counts as 0.
 */
export async function agentFacts(peers: WorkFactPeers, agentId: string, now: Date): Promise<AgentFacts> {
  const info = await peers.runner(agentRpcs.get, { agentId }).catch(() => undefined);
  let toolCalls = 0;
  let cursor: string | undefined;
  for (let i = 0; info && i < MAX_PAGES; i++) {
    const page = await peers
      .runner(agentRpcs.events, { agentId, types: ['tool_call_start'], limit: 1000, ...(cursor ? { cursor } : {}) })
      .catch(() => undefined);
    if (!page) break;
    toolCalls += page.items.filter((e) => e.type === 'tool_call_start').length;
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  let guardBlocks = 0;
  let after: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await peers.safety(dcgRpcs.decisions, { agentId, decision: 'deny', limit: 1000, ...(after ? { cursor: after } : {}) }).catch(() => undefined);
    if (!page) break;
    guardBlocks += page.items.length;
    after = page.nextCursor;
    if (!after) break;
  }
  return { hours: info ? hoursOf(info, now) : 0, toolCalls, guardBlocks };
}

/**
 * What git says about a task's branch `flywheel/<taskId>` in the repository: lines added plus deleted since the commit
 * it was made at (the oldest entry of its reflog) including uncommitted work in its worktree, and whether its commits
 * are merged into the repository's checked-out branch.
 */
export async function branchFacts(repository: string, taskId: string, worktree?: string): Promise<{ linesChanged: number; merged: boolean } | undefined> {
  const branch = branchFor(taskId);
  const tip = await git(repository, ['rev-parse', '--verify', '-q', `refs/heads/${branch}`]);
  if (!tip) return undefined;
  const log = await git(repository, ['reflog', 'show', '--format=%H', `refs/heads/${branch}`]);
  const base = log?.split('\n').filter(Boolean).at(-1) ?? tip;
  const count = (numstat: string | undefined) =>
    (numstat ?? '')
      .split('\n')
      .map((l) => l.split('\t'))
      .reduce((a, [add, del]) => a + (Number(add) || 0) + (Number(del) || 0), 0);
  let linesChanged = count(await git(repository, ['diff', '--numstat', base, tip]));
  if (worktree && existsSync(worktree)) linesChanged += count(await git(worktree, ['diff', '--numstat', 'HEAD']));
  const merged = tip !== base && (await git(repository, ['merge-base', '--is-ancestor', tip, 'HEAD'])) !== undefined;
  return { linesChanged, merged };
}
