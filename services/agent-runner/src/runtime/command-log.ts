import { toErrorBody, type AgentState, type CommandRecord } from '@flywheel/contracts';
import type { CallContext } from '@flywheel/kit';
import { sortableId } from '../domain/ids.ts';
import type { AgentRepo } from '../db/agent-repo.ts';
import type { HistoryRepo } from '../db/history-repo.ts';

/** Runs a command against an agent and records who sent it and how it ended, success or not. */
export function createCommandLog(deps: { history: HistoryRepo; agents: AgentRepo }) {
  return {
    async run(
      agentId: string,
      kind: CommandRecord['kind'],
      ctx: CallContext & { actor?: string },
      fn: () => Promise<void>,
      message?: string,
    ): Promise<{ commandId: string; state: AgentState }> {
      const id = sortableId('cmd');
      const base = { id, agentId, kind, message, actor: ctx.actor ?? ctx.accountId, requestId: ctx.requestId, createdAt: new Date().toISOString() };
      try {
        await fn();
      } catch (err) {
        if (deps.agents.get(agentId)) deps.history.addCommand({ ...base, outcome: 'error', error: toErrorBody(err) });
        throw err;
      }
      deps.history.addCommand({ ...base, outcome: 'ok' });
      return { commandId: id, state: (deps.agents.get(agentId)?.state ?? 'failed') as AgentState };
    },
  };
}
export type CommandLog = ReturnType<typeof createCommandLog>;
