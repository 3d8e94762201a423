import { fileURLToPath } from 'node:url';
import { ALL_STREAMS, DcgEvent, dcgEventMayDeny, streamNameForFamily } from '@flywheel/contracts';
import { consumeDurable, packageVersion, rpcClient, type ServiceDefinition, type ServiceDeps, type ServiceInstance } from '@flywheel/kit';
import { CoordinationConfig } from './config.ts';
import * as schema from './db/schema.ts';
import { createCoordRepos } from './db/coord-repos.ts';
import type { CoordCore } from './runtime/core.ts';
import { createEvents } from './runtime/publish.ts';
import { createDelivery } from './runtime/delivery.ts';
import { startSweeper } from './runtime/sweeper.ts';
import { followAgentStates } from './runtime/agent-registry.ts';
import { createToolFacts, followToolEvents } from './runtime/tool-facts.ts';
import { startUnmergedScan } from './runtime/unmerged-scan.ts';
import { serveReservations } from './handlers/reservations.ts';
import { serveMessages } from './handlers/messages.ts';
import { serveHandoffs } from './handlers/handoffs.ts';
import { serveProjects } from './handlers/projects.ts';
import { serveTasks } from './handlers/tasks.ts';
import { createAutopilot } from './runtime/autopilot.ts';
import { createBeadsSync } from './runtime/beads-sync.ts';

const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

/**
 * Reservations, the write check, messages, conflicts and handoffs over one SQLite file. Run ONE instance per
 * deployment: the read-check-write of a reservation is a SQLite transaction, which orders writers of one file only.
 */
export async function createCoordinationService(deps: ServiceDeps<CoordinationConfig, typeof schema>) {
  const { config, logger, nc, db } = deps;
  const core: CoordCore = {
    db,
    logger,
    config,
    now: () => new Date(),
    repos: createCoordRepos(db, { grantMode: config.DEFAULT_GRANT_MODE, defaultTtlSeconds: config.DEFAULT_TTL_S }),
    events: createEvents(deps.durable, logger),
  };
  const runner = rpcClient(nc, 'agent-runner', { failMode: 'throw', timeoutMs: 10_000, registry: deps.metrics.registry });
  const cost = rpcClient(nc, 'cost', { failMode: 'throw', timeoutMs: 5_000, registry: deps.metrics.registry });
  const safety = rpcClient(nc, 'safety', { failMode: 'throw', timeoutMs: 5_000, registry: deps.metrics.registry });
  const autopilot = createAutopilot(core, { runner, cost, durable: deps.durable });
  const sync = createBeadsSync(core);
  core.hooks = { ...core.hooks!, taskChanged: (projectId) => sync.changed(projectId) };
  const delivery = createDelivery(core, runner);
  const facts = createToolFacts(core);
  const rpcs = [
    ...serveReservations(nc, core),
    ...serveMessages(nc, core),
    ...serveHandoffs(nc, core, delivery, runner),
    ...serveProjects(nc, core),
    ...serveTasks(nc, core, autopilot, cost, sync, { runner, safety }),
  ];
  const consumers = [
    followAgentStates(core, nc),
    followToolEvents(core, nc, facts),
    // Guard denials of the autopilot's agents (new ones only: history says nothing about a run today).
    consumeDurable(nc, {
      stream: streamNameForFamily('system:dcg'),
      durable: 'coordination-guard',
      filterSubject: 'system.dcg',
      schema: DcgEvent,
      // Only denials count towards the pause: allows are acked in batches unparsed.
      wants: dcgEventMayDeny,
      logger,
      deliverNew: true,
      handler: (e) => autopilot.onGuard(e),
    }),
  ];
  const sweeper = startSweeper(core);
  const scan = startUnmergedScan(core);
  const pruner = setInterval(() => facts.prune(), 60_000);
  pruner.unref();
  delivery.resume();
  autopilot.resume();
  sync.resume();
  return {
    async stop() {
      await autopilot.stop();
      sync.stop();
      rpcs.forEach((r) => r.stop());
      sweeper.stop();
      scan.stop();
      clearInterval(pruner);
      delivery.stop();
      await Promise.all(consumers.map((c) => c.stop()));
    },
  };
}

export const CoordinationDefinition: ServiceDefinition<typeof CoordinationConfig, ServiceInstance, typeof schema> = {
  name: 'coordination',
  version: packageVersion(import.meta.url),
  streams: ALL_STREAMS,
  db: { schema, migrationsFolder: MIGRATIONS },
  configSchema: CoordinationConfig,
  create: createCoordinationService,
};
