import { AppError, type AgentEvent, type CoordAgent, type Task } from '@flywheel/contracts';
import type { Logger } from '@flywheel/kit';
import type { CoordDb } from '../db/coord-db.ts';
import type { CoordRepos } from '../db/coord-repos.ts';
import type { CoordinationConfig } from '../config.ts';
import type { CoordEvents } from './publish.ts';

/** Everything the coordination handlers share, passed in by closure from service.ts. */
export interface CoordCore {
  /** For read-check-write transactions across repositories. */
  db: CoordDb;
  repos: CoordRepos;
  events: CoordEvents;
  logger: Logger;
  config: CoordinationConfig;
  now(): Date;
  /** Set by the autopilot: told when a task is done and when an agent changes state. */
  hooks?: { taskDone(task: Task): void; agentState(e: AgentEvent): void; taskChanged?(projectId: string): void };
}

/** An agent coordination has heard of; BAD_REQUEST otherwise (a request naming it is bad input). */
export function knownAgent(core: CoordCore, agentId: string, field = 'agentId'): CoordAgent {
  const a = core.repos.agents.get(agentId);
  if (!a) throw new AppError('BAD_REQUEST', `invalid ${field}: unknown agent ${agentId}`, { field, agentId });
  return a;
}

/** One immediate SQLite transaction: the read-check-write happens with nobody else writing. */
export function inTransaction<T>(core: CoordCore, fn: () => T): T {
  return core.db.$client.transaction(fn).immediate();
}

export const iso = (d: Date): string => d.toISOString();
export const plusSeconds = (d: Date, s: number): string => new Date(d.getTime() + s * 1000).toISOString();
