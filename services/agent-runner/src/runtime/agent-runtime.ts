import type { AgentInfo } from '@flywheel/contracts';
import { toInfo } from '../domain/agent-record.ts';
import { createSessions } from './agent-sessions.ts';
import { spawnAgent, type SpawnInput } from './agent-spawn.ts';
import { interruptAgent, sendMessage, terminateAgent } from './agent-commands.ts';
import { pauseAgent, restartAgent, resumeAgent, stopAllAgents } from './agent-lifecycle.ts';
import type { Ctx, RuntimeDeps } from './runtime-deps.ts';
import { createUsageLimits, type UsageLimitOptions } from './usage-limits.ts';

const DEFAULT_USAGE_LIMITS: UsageLimitOptions = {
  message: 'Continue where you left off.',
  jitterMs: 5000,
  defaults: { autoResume: true, rotateProfiles: true },
};

/** Owns this runner's live driver sessions and applies every command to them. */
export function createAgentRuntime(deps: RuntimeDeps) {
  const sessions = createSessions(deps);
  const d = { ...deps, sessions };
  const limits = createUsageLimits(d, deps.usageLimits ?? DEFAULT_USAGE_LIMITS, deps.usageSettings);
  return {
    live: sessions.live,
    starting: sessions.starting,
    /** The stored agent, with the live session's current pid (codex runs one process per turn). */
    info(agentId: string): AgentInfo {
      const info = toInfo(deps.state.row(agentId), deps.runnerId);
      const s = sessions.live.get(agentId);
      return s ? { ...info, pid: s.pid } : info;
    },
    owns: (agentId: string): boolean => deps.agents.get(agentId) !== undefined,
    spawn: (input: SpawnInput, ctx: Ctx) => spawnAgent(d, input, ctx),
    send: (agentId: string, message: string, ctx: Ctx) => sendMessage(d, agentId, message, ctx),
    interrupt: (agentId: string, ctx: Ctx) => interruptAgent(d, agentId, ctx),
    terminate: (agentId: string, ctx: Ctx) => terminateAgent(d, agentId, ctx),
    /** Stops the current session and starts the driver again resumed at `resume` (sdk restore). */
    restart: (agentId: string, resume: { sessionId: string; messageUuid?: string }) => restartAgent(d, agentId, resume),
    /** Interrupts and parks an agent (budget pause). */
    pause: (agentId: string, reason: string) => pauseAgent(d, agentId, reason),
    /** Returns an agent parked for `reason` to ready. */
    resume: (agentId: string, reason: string) => resumeAgent(d, agentId, reason),
    /** Ends every session; the agents fail with `reason` so the truth survives the runner. */
    stopAll: (reason: string) => {
      limits.stop();
      return stopAllAgents(d, reason);
    },
    /** Usage limits: resume a limited agent now; its own auto-resume setting (null: its project's). */
    resumeNow: (agentId: string, ctx: Ctx) => limits.resumeNow(agentId, ctx),
    setAutoResume: async (agentId: string, enabled: boolean | null, ctx: Ctx): Promise<AgentInfo> => {
      await limits.setAutoResume(agentId, enabled, ctx);
      return toInfo(deps.state.row(agentId), deps.runnerId);
    },
  };
}
export type AgentRuntime = ReturnType<typeof createAgentRuntime>;
