import type { AgentState } from '@flywheel/contracts';
import type { Logger } from '@flywheel/kit';
import { pidAlive } from './drivers/process-tree.ts';
import type { AgentRepo } from '../db/agent-repo.ts';
import type { AgentRuntime } from './agent-runtime.ts';
import type { AgentStateWriter } from './agent-state.ts';

export interface WatchdogOptions {
  agents: AgentRepo;
  runtime: AgentRuntime;
  state: AgentStateWriter;
  logger: Logger;
  intervalMs: number;
  stallMs: number;
  checkpointEveryMs: number;
  checkpointLastAt: Map<string, number>;
  autoCheckpoint(agentId: string): void;
}

/**
 * The reaper (a live agent whose process is gone is failed, never shown running), the stall
 * detector (silence while executing → activity stalled) and time-based automatic checkpoints.
 */
export function startWatchdog(o: WatchdogOptions): { sweep(): void; stop(): void } {
  const sweep = () => {
    const now = Date.now();
    for (const row of o.agents.live()) {
      if (o.runtime.starting.has(row.id)) continue;
      const session = o.runtime.live.get(row.id);
      const pidGone = session?.pid !== undefined && !pidAlive(session.pid);
      if (row.state !== 'spawning' && (!session || pidGone)) {
        o.logger.warn({ agentId: row.id, pid: row.pid }, 'reaper: agent process is gone');
        o.runtime.live.delete(row.id);
        o.state.tryMove(row.id, 'failed', { reason: pidGone ? `process ${session?.pid} is gone (reaper)` : 'no process for this agent (reaper)' });
        o.agents.update(row.id, { pid: null });
        continue;
      }
      const silentMs = now - Date.parse(row.lastActivityAt ?? row.updatedAt);
      if ((row.state as AgentState) === 'executing' && silentMs >= o.stallMs && row.activity !== 'stalled') o.state.activity(row.id, 'stalled');
      const last = o.checkpointLastAt.get(row.id) ?? Date.parse(row.createdAt);
      if (o.checkpointEveryMs > 0 && row.state === 'executing' && now - last >= o.checkpointEveryMs) o.autoCheckpoint(row.id);
    }
  };
  const timer = setInterval(sweep, o.intervalMs);
  return { sweep, stop: () => clearInterval(timer) };
}
