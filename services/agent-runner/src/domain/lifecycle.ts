import { AppError, canTransition, type AgentState } from '@flywheel/contracts';

/** States in which the runner holds (or should hold) a process for the agent. */
export const LIVE_STATES: AgentState[] = ['spawning', 'initializing', 'ready', 'executing', 'paused'];

export const isTerminal = (s: AgentState): boolean => s === 'terminated' || s === 'failed';

/** Throws CONFLICT (409) for an illegal transition, so it is never stored. */
export function assertTransition(agentId: string, from: AgentState, to: AgentState): void {
  if (!canTransition(from, to)) throw new AppError('CONFLICT', `agent ${agentId} cannot go from ${from} to ${to}`, { from, to });
}

const ACCEPTS: Record<'send' | 'interrupt' | 'restore' | 'checkpoint', readonly AgentState[]> = {
  // A send while executing is queued by the driver (streaming input), as a person typing ahead.
  send: ['ready', 'executing'],
  interrupt: ['initializing', 'ready', 'executing', 'paused'],
  // A terminated or failed agent comes back at a checkpoint (its worktree verified first).
  restore: ['ready', 'executing', 'paused', 'terminated', 'failed'],
  checkpoint: ['ready', 'executing', 'paused'],
};

/** CONFLICT unless the agent's state accepts the command. */
export function assertCommandAllowed(agentId: string, state: AgentState, command: keyof typeof ACCEPTS): void {
  if (!ACCEPTS[command].includes(state)) throw new AppError('CONFLICT', `agent ${agentId} is ${state}; cannot ${command}`, { state });
}
