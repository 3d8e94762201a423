import { AppError } from '@flywheel/contracts';
import type { AgentRepo } from '../db/agent-repo.ts';
import type { AgentDriver, DriverSession, DriverSink, DriverSpec } from './drivers/driver.ts';
import { createSink, USAGE_LIMIT, type SinkDeps } from './agent-sink.ts';
import type { AgentStateWriter } from './agent-state.ts';
import type { AgentCredentials } from './credentials.ts';
import type { AgentProfiles } from './profiles.ts';
import { providerFor } from '../domain/provider.ts';
import { isolationRootOf, type AgentRecord } from '../domain/agent-record.ts';

export interface SessionDeps {
  agents: AgentRepo;
  state: AgentStateWriter;
  sinkDeps: Omit<SinkDeps, 'onExit'>;
  /** Per-agent gateway credentials put into each process's env (not stored with the agent). */
  credentials?: AgentCredentials;
  /** The account's provider profile env (BYOA), under the agent's own env. */
  profiles?: AgentProfiles;
}

/** The usage-limit logic's ears on each live session (runtime/usage-limits.ts). */
export interface UsageLimitHooks {
  /** The agent is paused at a usage limit (`fresh`: it just moved there; else the CLI retried again). */
  limited(agentId: string, o: { fresh: boolean }): void;
  /** Its CLI's turn ended while paused at the limit: nothing is in flight, only the runner can go on. */
  gaveUp(agentId: string): void;
  /** A turn ended normally. */
  turnDone(agentId: string): void;
}

/** This runner's live driver sessions: which one speaks for each agent, and starting one. */
export function createSessions(deps: SessionDeps) {
  const live = new Map<string, DriverSession>();
  // Whether a session's callbacks still speak for the agent (false once restore or stop replaced it).
  const tokens = new Map<string, { current: boolean }>();
  // Agents whose driver is starting: the reaper leaves them alone until the session exists.
  const starting = new Set<string>();
  // What the usage-limit logic hears from each agent's sink (set once it exists: it works on these sessions).
  let limits: UsageLimitHooks | undefined;

  /** A sink whose exit only counts while its session is the agent's current one (restore replaces it). */
  function sinkFor(agentId: string, token: { current: boolean }): DriverSink {
    const onExit = () => {
      if (!token.current) return;
      live.delete(agentId);
      tokens.delete(agentId);
    };
    const sink = createSink({ ...deps.sinkDeps, onExit }, agentId);
    return {
      ...sink,
      exited: (i) => token.current && sink.exited(i),
      usageLimited(info) {
        if (!token.current) return;
        const before = deps.agents.get(agentId);
        sink.usageLimited(info);
        const now = deps.agents.get(agentId);
        if (now?.state === 'paused' && now.pauseReason === USAGE_LIMIT) limits?.limited(agentId, { fresh: before?.state !== 'paused' });
      },
      turnEnded(info) {
        if (!token.current) return;
        sink.turnEnded(info);
        if (!info?.fatal) {
          const row = deps.agents.get(agentId);
          if (row?.state === 'paused' && row.pauseReason === USAGE_LIMIT) limits?.gaveUp(agentId);
          else limits?.turnDone(agentId);
          return;
        }
        // The agent failed: its process goes, and its later exit is no news.
        const session = live.get(agentId);
        token.current = false;
        live.delete(agentId);
        tokens.delete(agentId);
        void session?.terminate().catch(() => undefined);
        deps.agents.update(agentId, { pid: null });
      },
    };
  }

  /** Profile env < the agent's own env < its gateway credential. Nothing added here is stored with the agent. */
  async function processEnv(agentId: string, own: Record<string, string>): Promise<Record<string, string>> {
    const row = deps.agents.get(agentId);
    const profile = row ? await profileEnv(row) : null;
    const credential = (await deps.credentials?.envFor(agentId, row?.accountId ?? undefined, isolationRootOf(row))) ?? {};
    return { ...(profile?.env ?? {}), ...own, ...credential };
  }

  async function profileEnv(row: AgentRecord) {
    const provider = providerFor(row.driver, row.command);
    if (!deps.profiles || !provider || !row.accountId) return null;
    const p = await deps.profiles.envFor({ agentId: row.id, accountId: row.accountId, provider, profileId: row.profileId ?? undefined });
    if (p && p.profileId !== row.profileId) deps.agents.update(row.id, { profileId: p.profileId });
    return p;
  }

  async function start(agentId: string, spec: DriverSpec, driver: AgentDriver): Promise<void> {
    const token = { current: true };
    starting.add(agentId);
    try {
      const row = deps.agents.get(agentId);
      const who = {
        accountId: row?.accountId ?? undefined,
        projectId: row?.projectId ?? undefined,
        isolationRoot: isolationRootOf(row),
      };
      const session = await driver.start({ ...spec, ...who, env: await processEnv(agentId, spec.env) }, sinkFor(agentId, token));
      live.set(agentId, session);
      tokens.set(agentId, token);
      deps.agents.update(agentId, { pid: session.pid ?? null, attachCommand: session.attachCommand ?? null });
    } catch (err) {
      token.current = false;
      const reason = `could not start ${driver.name} agent: ${(err as Error).message}`;
      deps.state.tryMove(agentId, 'failed', { reason });
      throw new AppError('BAD_REQUEST', reason, { agentId });
    } finally {
      starting.delete(agentId);
    }
  }

  return {
    live,
    starting,
    start,
    /** Where sinks report usage limits (set once, by the usage-limit logic). */
    setLimitHooks(h: UsageLimitHooks): void {
      limits = h;
    },
    /** The agent's current session stops speaking for it (restore or stop replaces it). */
    retire(agentId: string): void {
      const t = tokens.get(agentId);
      if (t) t.current = false;
      tokens.delete(agentId);
    },
    /** The running session; CONFLICT when the agent has no process. */
    get(agentId: string): DriverSession {
      const s = live.get(agentId);
      if (!s) throw new AppError('CONFLICT', `agent ${agentId} has no running process`, { state: deps.state.row(agentId).state });
      return s;
    },
  };
}
export type Sessions = ReturnType<typeof createSessions>;
