import type { Logger } from '@flywheel/kit';
import { killGroup, pidAlive } from './drivers/process-tree.ts';
import type { AgentRepo } from '../db/agent-repo.ts';
import type { AgentStateWriter } from './agent-state.ts';

/**
 * After a runner restart no agent process is attached to us any more (their stdio died with the old
 * runner). Leftover process groups are killed so nothing runs unobserved, and each agent is failed
 * with the reason; an sdk agent keeps its session id and can be resumed (spawn with resumeSessionId).
 */
export async function recoverAfterRestart(o: { agents: AgentRepo; state: AgentStateWriter; logger: Logger }): Promise<void> {
  for (const row of o.agents.live()) {
    const alive = row.pid !== null && pidAlive(row.pid);
    if (alive) await killGroup(row.pid!);
    const resumable = row.driver === 'sdk' && row.sessionId ? `; resumable from session ${row.sessionId}` : '';
    const reason = `runner restarted; agent process ${alive ? 'was orphaned and killed' : 'had died'}${resumable}`;
    o.state.tryMove(row.id, 'failed', { reason });
    o.agents.update(row.id, { pid: null });
    o.logger.warn({ agentId: row.id, reason }, 'agent failed by restart recovery');
  }
}
