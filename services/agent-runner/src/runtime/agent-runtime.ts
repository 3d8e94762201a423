import { AppError, newId, type AgentDriver as DriverName, type AgentInfo, type AgentState, type SpendSubject } from '@flywheel/contracts';
import type { CallContext, Logger } from '@flywheel/kit';
import type { AgentDriver, DriverSession, DriverSink, DriverSpec } from '../drivers/driver.ts';
import { toInfo, type AgentRepo } from '../db/agent-repo.ts';
import { assertCommandAllowed } from '../domain/lifecycle.ts';
import { createSink, type SinkDeps } from './agent-sink.ts';
import type { AgentStateWriter } from './agent-state.ts';
import type { CommandLog } from './command-log.ts';

export interface RuntimeDeps {
  runnerId: string;
  agents: AgentRepo;
  state: AgentStateWriter;
  drivers: Partial<Record<DriverName, AgentDriver>>;
  budget: (s: SpendSubject) => Promise<void>;
  commands: CommandLog;
  sinkDeps: Omit<SinkDeps, 'onExit'>;
  logger: Logger;
}

export interface SpawnInput {
  driver: DriverName;
  name?: string;
  workingDirectory: string;
  model?: string;
  prompt?: string;
  env?: Record<string, string>;
  command?: string[];
  projectId?: string;
  accountId?: string;
  resumeSessionId?: string;
}

type Ctx = CallContext & { actor?: string };

/** Owns this runner's live driver sessions and applies every command to them. */
export function createAgentRuntime(deps: RuntimeDeps) {
  const live = new Map<string, DriverSession>();
  // Whether a session's callbacks still speak for the agent (false once restore or stop replaced it).
  const tokens = new Map<string, { current: boolean }>();
  const retire = (agentId: string) => {
    const t = tokens.get(agentId);
    if (t) t.current = false;
    tokens.delete(agentId);
  };
  // Agents whose driver is starting: the reaper leaves them alone until the session exists.
  const starting = new Set<string>();
  const { agents, state, commands } = deps;
  const spend = (row: { id: string; accountId: string | null; projectId: string | null; model: string | null }): SpendSubject => ({
    agentId: row.id, accountId: row.accountId ?? undefined, projectId: row.projectId ?? undefined, model: row.model ?? undefined,
  });

  /** A sink whose exit only counts while its session is the agent's current one (restore replaces it). */
  function sinkFor(agentId: string, token: { current: boolean }): DriverSink {
    const onExit = () => {
      if (!token.current) return;
      live.delete(agentId);
      tokens.delete(agentId);
    };
    const sink = createSink({ ...deps.sinkDeps, onExit }, agentId);
    return { ...sink, exited: (i) => token.current && sink.exited(i) };
  }

  async function startSession(agentId: string, spec: DriverSpec, driver: AgentDriver): Promise<void> {
    const token = { current: true };
    starting.add(agentId);
    try {
      const session = await driver.start(spec, sinkFor(agentId, token));
      live.set(agentId, session);
      tokens.set(agentId, token);
      agents.update(agentId, { pid: session.pid ?? null, attachCommand: session.attachCommand ?? null });
    } catch (err) {
      token.current = false;
      const reason = `could not start ${driver.name} agent: ${(err as Error).message}`;
      state.tryMove(agentId, 'failed', { reason });
      throw new AppError('BAD_REQUEST', reason, { agentId });
    } finally {
      starting.delete(agentId);
    }
  }

  const session = (agentId: string): DriverSession => {
    const s = live.get(agentId);
    if (!s) throw new AppError('CONFLICT', `agent ${agentId} has no running process`, { state: state.row(agentId).state });
    return s;
  };

  return {
    live,
    starting,
    /** The stored agent, with the live session's current pid (codex runs one process per turn). */
    info(agentId: string): AgentInfo {
      const info = toInfo(state.row(agentId), deps.runnerId);
      const s = live.get(agentId);
      return s ? { ...info, pid: s.pid } : info;
    },
    owns: (agentId: string): boolean => agents.get(agentId) !== undefined,

    async spawn(input: SpawnInput, ctx: Ctx): Promise<AgentInfo> {
      const driver = deps.drivers[input.driver];
      if (!driver) throw new AppError('BAD_REQUEST', `driver ${input.driver} is not available on this runner`);
      if ((input.driver === 'acp' || input.driver === 'tmux') && !input.command) throw new AppError('BAD_REQUEST', `driver ${input.driver} needs a command`);
      if (input.resumeSessionId && !driver.resumable) throw new AppError('BAD_REQUEST', `driver ${input.driver} cannot resume sessions`);
      const id = newId('agt');
      const accountId = input.accountId ?? ctx.accountId;
      await deps.budget({ agentId: id, accountId, projectId: input.projectId, model: input.model });
      const now = new Date().toISOString();
      agents.insert({
        id, name: input.name ?? id, driver: input.driver, state: 'spawning', activity: 'idle', workingDirectory: input.workingDirectory,
        model: input.model ?? null, command: input.command ?? null, env: input.env ?? {}, accountId: accountId ?? null,
        projectId: input.projectId ?? null, sessionId: input.resumeSessionId ?? null, createdAt: now, updatedAt: now,
      });
      deps.sinkDeps.log.append(id, { type: 'state', to: 'spawning', activity: 'idle' });
      state.move(id, 'initializing');
      const spec: DriverSpec = {
        agentId: id, workingDirectory: input.workingDirectory, model: input.model, prompt: input.prompt, env: input.env ?? {},
        command: input.command, resume: input.resumeSessionId ? { sessionId: input.resumeSessionId } : undefined,
      };
      await commands.run(id, 'spawn', ctx, () => startSession(id, spec, driver), input.prompt);
      return toInfo(state.row(id), deps.runnerId);
    },

    async send(agentId: string, message: string, ctx: Ctx): Promise<{ commandId: string; state: AgentState }> {
      return commands.run(agentId, 'send', ctx, async () => {
        const row = state.row(agentId);
        assertCommandAllowed(agentId, row.state as AgentState, 'send');
        await deps.budget(spend(row));
        const s = session(agentId);
        // Re-read: the budget check awaited, and a pause or another send may have moved the agent.
        const now = state.row(agentId).state as AgentState;
        assertCommandAllowed(agentId, now, 'send');
        const started = now === 'ready';
        if (started) state.move(agentId, 'executing');
        try {
          await s.send(message);
        } catch (err) {
          // The message never reached the agent: it is not executing anything.
          if (started && state.row(agentId).state === 'executing') state.tryMove(agentId, 'ready', { reason: 'send failed' });
          throw err;
        }
      }, message);
    },

    async interrupt(agentId: string, ctx: Ctx): Promise<{ commandId: string; state: AgentState }> {
      return commands.run(agentId, 'interrupt', ctx, async () => {
        assertCommandAllowed(agentId, state.row(agentId).state as AgentState, 'interrupt');
        await session(agentId).interrupt();
        if (state.row(agentId).state === 'executing') state.tryMove(agentId, 'ready', { reason: 'interrupted' });
      });
    },

    async terminate(agentId: string, ctx: Ctx): Promise<{ commandId: string; state: AgentState }> {
      return commands.run(agentId, 'terminate', ctx, async () => {
        state.move(agentId, 'terminating', { reason: 'terminate requested' });
        const s = live.get(agentId);
        if (s) await s.terminate();
        live.delete(agentId);
        if (state.row(agentId).state === 'terminating') state.move(agentId, 'terminated', { reason: 'terminated on request' });
        agents.update(agentId, { pid: null });
      });
    },

    /** Stops the current session and starts the driver again resumed at `resume` (sdk restore). */
    async restart(agentId: string, resume: { sessionId: string; messageUuid?: string }): Promise<void> {
      const row = state.row(agentId);
      const driver = deps.drivers[row.driver as DriverName];
      if (!driver?.resumable) throw new AppError('CONFLICT', `driver ${row.driver} cannot restore a checkpoint`);
      const old = live.get(agentId);
      retire(agentId);
      starting.add(agentId);
      live.delete(agentId);
      state.move(agentId, 'initializing', { reason: 'restoring checkpoint' });
      await old?.terminate().catch(() => undefined);
      const spec: DriverSpec = { agentId, workingDirectory: row.workingDirectory, model: row.model ?? undefined, env: row.env, resume };
      await startSession(agentId, spec, driver);
    },

    /** Interrupts and parks an agent (budget pause). */
    async pause(agentId: string, reason: string): Promise<boolean> {
      const cur = state.row(agentId).state;
      if (cur !== 'ready' && cur !== 'executing') return false;
      if (cur === 'executing') await live.get(agentId)?.interrupt().catch(() => undefined);
      return state.tryMove(agentId, 'paused', { reason, pauseReason: reason });
    },

    /** Returns an agent parked for `reason` to ready. */
    resume(agentId: string, reason: string): boolean {
      const row = state.row(agentId);
      if (row.state !== 'paused' || row.pauseReason !== reason) return false;
      return state.tryMove(agentId, 'ready', { reason: `${reason} lifted`, pauseReason: null });
    },

    /** Ends every session; the agents fail with `reason` so the truth survives the runner. */
    async stopAll(reason: string): Promise<void> {
      await Promise.all([...live.entries()].map(async ([id, s]) => {
        retire(id);
        await s.terminate().catch(() => undefined);
        state.tryMove(id, 'failed', { reason });
        agents.update(id, { pid: null });
      }));
      live.clear();
    },
  };
}
export type AgentRuntime = ReturnType<typeof createAgentRuntime>;
