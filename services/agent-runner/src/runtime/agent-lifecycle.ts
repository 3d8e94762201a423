import { AppError, type AgentDriver as DriverName } from '@flywheel/contracts';
import type { DriverSpec } from './drivers/driver.ts';
import { verifyWorktree } from './worktrees.ts';
import type { RuntimeCore } from './runtime-deps.ts';

/** Stops the current session and starts the driver again resumed at `resume` (sdk restore). */
export async function restartAgent(
  d: RuntimeCore,
  agentId: string,
  resume: { sessionId: string; messageUuid?: string },
  reason = 'restoring checkpoint',
): Promise<void> {
  const row = d.state.row(agentId);
  const driver = d.drivers[row.driver as DriverName];
  if (!driver?.resumable) throw new AppError('CONFLICT', `driver ${row.driver} cannot restore a checkpoint`);
  // A worktree agent resumes in its own worktree and branch, or not at all (re-attached if cleanup removed the directory).
  if (row.isolation === 'worktree' && row.worktree) {
    const how = await verifyWorktree(row.worktree);
    if (how === 're-added' && row.worktree.removed) d.agents.update(agentId, { worktree: { ...row.worktree, removed: undefined } });
  }
  const old = d.sessions.live.get(agentId);
  d.sessions.retire(agentId);
  d.sessions.starting.add(agentId);
  d.sessions.live.delete(agentId);
  d.state.move(agentId, 'initializing', { reason, ...(row.state === 'paused' ? { pauseReason: null } : {}) });
  await old?.terminate().catch(() => undefined);
  const spec: DriverSpec = { agentId, workingDirectory: row.workingDirectory, model: row.model ?? undefined, env: row.env, resume };
  await d.sessions.start(agentId, spec, driver);
}

/** Interrupts and parks an agent (budget pause). */
export async function pauseAgent(d: RuntimeCore, agentId: string, reason: string): Promise<boolean> {
  const cur = d.state.row(agentId).state;
  if (cur !== 'ready' && cur !== 'executing') return false;
  if (cur === 'executing')
    await d.sessions.live
      .get(agentId)
      ?.interrupt()
      .catch(() => undefined);
  return d.state.tryMove(agentId, 'paused', { reason, pauseReason: reason });
}

/** Returns an agent parked for `reason` to ready. */
export function resumeAgent(d: RuntimeCore, agentId: string, reason: string): boolean {
  const row = d.state.row(agentId);
  if (row.state !== 'paused' || row.pauseReason !== reason) return false;
  return d.state.tryMove(agentId, 'ready', { reason: `${reason} lifted`, pauseReason: null });
}

/** Ends every session; the agents fail with `reason` so the truth survives the runner. */
export async function stopAllAgents(d: RuntimeCore, reason: string): Promise<void> {
  const { live } = d.sessions;
  await Promise.all(
    [...live.entries()].map(async ([id, s]) => {
      d.sessions.retire(id);
      await s.terminate().catch(() => undefined);
      d.state.tryMove(id, 'failed', { reason });
      d.agents.update(id, { pid: null });
    }),
  );
  live.clear();
}
