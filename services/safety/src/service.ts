import { fileURLToPath } from 'node:url';
import { ALL_STREAMS, dcgEvent } from '@flywheel/contracts';
import { dbCheck, openDb, packageVersion, serviceDbFile, subscribe, type ServiceDefinition, type ServiceDeps } from '@flywheel/kit';
import { SafetyConfig } from './config.ts';
import * as schema from './db/schema.ts';
import { Policy } from './runtime/policy.ts';
import { ApprovalWaiters } from './runtime/waiters.ts';
import { createSafetyMetrics } from './runtime/safety-metrics.ts';
import type { SafetyCore } from './runtime/core.ts';
import { serveGuard } from './handlers/guard.ts';
import { serveExceptions } from './handlers/exceptions.ts';
import { serveAdmin } from './handlers/admin.ts';
import { pruneDecisions } from './db/decisions-repo.ts';

const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Binds the guard, approvals and policy handlers to their contracts; returns stop/health for the kit runtime. */
export async function createSafetyService(deps: ServiceDeps<SafetyConfig>) {
  const { config, logger, nc } = deps;
  const db = openDb(serviceDbFile(config.DATA_DIR, 'safety'), { schema, migrationsFolder: MIGRATIONS });
  const policy = new Policy(db, { failMode: config.GUARD_FAIL_MODE, defaultPacks: config.DCG_PACKS, tmpdir: config.DCG_TMPDIR, logger });
  policy.engineFor({});
  const waiters = new ApprovalWaiters(db);
  const core: SafetyCore = {
    db, policy, waiters, metrics: createSafetyMetrics(deps.metrics.registry), durable: deps.durable, logger,
    approvalTimeoutMs: config.APPROVAL_TIMEOUT_MS, exceptionTtlMs: config.EXCEPTION_TTL_MS, failMode: config.GUARD_FAIL_MODE,
  };
  // Every instance hears every settled exception, so whichever one holds the waiting tool call answers it.
  const settled = subscribe(nc, dcgEvent, (e) => {
    if (e.type === 'exception' && e.exception.status !== 'pending') waiters.notify(e.exception.id);
  }, { logger });
  const rpcs = [...serveGuard(nc, core), ...serveExceptions(nc, core), ...serveAdmin(nc, core)];
  const prune = () => {
    const n = pruneDecisions(db, new Date(Date.now() - config.DECISION_RETENTION_DAYS * 86_400_000));
    if (n) logger.info({ pruned: n }, 'old decisions pruned');
  };
  prune();
  const pruner = setInterval(prune, 3_600_000);
  pruner.unref();
  return {
    health: () => ({ db: dbCheck(db) }),
    async stop() {
      rpcs.forEach((r) => r.stop());
      clearInterval(pruner);
      settled.stop();
      waiters.expireAll();
      await new Promise((r) => setTimeout(r, 20));
      db.$client.close();
    },
  };
}

export const SafetyDefinition: ServiceDefinition<typeof SafetyConfig> = {
  name: 'safety',
  version: packageVersion(import.meta.url),
  streams: ALL_STREAMS,
  configSchema: SafetyConfig,
  create: createSafetyService,
};
