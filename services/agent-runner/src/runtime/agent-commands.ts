import type { AgentState } from '@flywheel/contracts';
import { spendSubjectOf } from '../domain/agent-record.ts';
import { assertCommandAllowed } from '../domain/lifecycle.ts';
import type { Ctx, RuntimeCore } from './runtime-deps.ts';

type CommandResult = Promise<{ commandId: string; state: AgentState }>;

/** Sends a message (ready → executing); the budget is checked first. */
export function sendMessage(d: RuntimeCore, agentId: string, message: string, ctx: Ctx): CommandResult {
  return d.commands.run(
    agentId,
    'send',
    ctx,
    async () => {
      const row = d.state.row(agentId);
      assertCommandAllowed(agentId, row.state as AgentState, 'send');
      await d.budget(spendSubjectOf(row));
      const s = d.sessions.get(agentId);
      // Re-read: the budget check awaited, and a pause or another send may have moved the agent.
      const now = d.state.row(agentId).state as AgentState;
      assertCommandAllowed(agentId, now, 'send');
      const started = now === 'ready';
      if (started) d.state.move(agentId, 'executing');
      try {
        await s.send(message);
      } catch (err) {
        // The message never reached the agent: it is not executing anything.
        if (started && d.state.row(agentId).state === 'executing') d.state.tryMove(agentId, 'ready', { reason: 'send failed' });
        throw err;
      }
    },
    message,
  );
}

export function interruptAgent(d: RuntimeCore, agentId: string, ctx: Ctx): CommandResult {
  return d.commands.run(agentId, 'interrupt', ctx, async () => {
    assertCommandAllowed(agentId, d.state.row(agentId).state as AgentState, 'interrupt');
    await d.sessions.get(agentId).interrupt();
    if (d.state.row(agentId).state === 'executing') d.state.tryMove(agentId, 'ready', { reason: 'interrupted' });
  });
}

export function terminateAgent(d: RuntimeCore, agentId: string, ctx: Ctx): CommandResult {
  return d.commands.run(agentId, 'terminate', ctx, async () => {
    d.state.move(agentId, 'terminating', { reason: 'terminate requested' });
    const s = d.sessions.live.get(agentId);
    if (s) await s.terminate();
    d.sessions.live.delete(agentId);
    if (d.state.row(agentId).state === 'terminating') d.state.move(agentId, 'terminated', { reason: 'terminated on request' });
    d.agents.update(agentId, { pid: null });
  });
}
