import { AppError, type AgentInfo, type AgentState, type Checkpoint } from '@flywheel/contracts';
import type { CallContext } from '@flywheel/kit';
import { assertCommandAllowed } from '../domain/lifecycle.ts';
import { sortableId } from '../domain/ids.ts';
import type { HistoryRepo } from '../db/history-repo.ts';
import type { AgentStateWriter } from './agent-state.ts';
import type { EventLog } from './event-log.ts';
import type { AgentRuntime } from './agent-runtime.ts';
import type { CommandLog } from './command-log.ts';

/** Checkpoints: where an agent's session stood (session id + last message), restorable for sdk agents. */
export function createCheckpoints(deps: { history: HistoryRepo; state: AgentStateWriter; log: EventLog; runtime: AgentRuntime; commands: CommandLog }) {
  const lastAt = new Map<string, number>();
  function create(agentId: string, reason: Checkpoint['reason']): Checkpoint {
    deps.log.flush();
    const row = deps.state.row(agentId);
    const cp: Checkpoint = {
      id: sortableId('chk'),
      agentId,
      seq: row.lastSeq,
      sessionId: row.sessionId ?? undefined,
      messageUuid: row.lastMessageUuid ?? undefined,
      messageCount: row.messageCount,
      reason,
      createdAt: new Date().toISOString(),
    };
    deps.history.addCheckpoint(cp);
    deps.log.append(agentId, { type: 'checkpoint', checkpointId: cp.id, sessionId: cp.sessionId, messageCount: cp.messageCount });
    lastAt.set(agentId, Date.now());
    return cp;
  }
  return {
    lastAt,
    auto: (agentId: string): void => void create(agentId, 'auto'),
    async manual(agentId: string, ctx: CallContext & { actor?: string }): Promise<Checkpoint> {
      let cp: Checkpoint | undefined;
      await deps.commands.run(agentId, 'checkpoint', ctx, async () => {
        assertCommandAllowed(agentId, deps.state.row(agentId).state as AgentState, 'checkpoint');
        cp = create(agentId, 'manual');
      });
      return cp!;
    },
    async restore(agentId: string, checkpointId: string, ctx: CallContext & { actor?: string }): Promise<AgentInfo> {
      await deps.commands.run(
        agentId,
        'restore',
        ctx,
        async () => {
          const cp = deps.history.checkpoint(agentId, checkpointId);
          if (!cp) throw new AppError('NOT_FOUND', `agent ${agentId} has no checkpoint ${checkpointId}`);
          assertCommandAllowed(agentId, deps.state.row(agentId).state as AgentState, 'restore');
          if (!cp.sessionId) throw new AppError('CONFLICT', `checkpoint ${checkpointId} has no session to resume`);
          await deps.runtime.restart(agentId, { sessionId: cp.sessionId, messageUuid: cp.messageUuid });
        },
        checkpointId,
      );
      return deps.runtime.info(agentId);
    },
  };
}
export type Checkpoints = ReturnType<typeof createCheckpoints>;
