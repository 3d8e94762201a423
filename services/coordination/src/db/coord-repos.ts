import type { GrantMode } from '@flywheel/contracts';
import type { CoordDb } from './coord-db.ts';
import { createAgentsRepo } from './agents-repo.ts';
import { createLeasesRepo } from './leases-repo.ts';
import { createMessagesRepo } from './messages-repo.ts';
import { createConflictsRepo } from './conflicts-repo.ts';
import { createHandoffsRepo } from './handoffs-repo.ts';
import { createSettingsRepo } from './settings-repo.ts';
import { createTasksRepo } from './tasks-repo.ts';
import { createAutopilotRepo } from './autopilot-repo.ts';
import { createBeadsSyncRepo } from './beads-sync-repo.ts';

/** Every repository over the coordination database. */
export function createCoordRepos(db: CoordDb, defaults: { grantMode: GrantMode; defaultTtlSeconds: number }) {
  return {
    agents: createAgentsRepo(db),
    leases: createLeasesRepo(db),
    messages: createMessagesRepo(db),
    conflicts: createConflictsRepo(db),
    handoffs: createHandoffsRepo(db),
    settings: createSettingsRepo(db, defaults),
    tasks: createTasksRepo(db),
    autopilot: createAutopilotRepo(db),
    beadsSync: createBeadsSyncRepo(db),
  };
}
export type CoordRepos = ReturnType<typeof createCoordRepos>;
