import { fileURLToPath } from 'node:url';
import { ALL_STREAMS, dcgEvent, policyVersionValue } from '@flywheel/contracts';
import { packageVersion, subscribe, type ServiceDefinition, type ServiceDeps, type ServiceInstance } from '@flywheel/kit';
import { SafetyConfig } from './config.ts';
import * as schema from './db/schema.ts';
import { Policy } from './runtime/policy.ts';
import { ApprovalWaiters } from './runtime/waiters.ts';
import { createSafetyMetrics } from './runtime/safety-metrics.ts';
import type { SafetyCore } from './runtime/core.ts';
import { serveGuard } from './handlers/guard.ts';
import { serveExceptions } from './handlers/exceptions.ts';
import { serveAdmin } from './handlers/admin.ts';
import { createSafetyRepos } from './db/safety-repos.ts';
import { createWriteGate } from './runtime/write-gate.ts';
import { openPolicySignal } from './runtime/policy-signal.ts';
import { consumeHookAllows, servePolicySnapshot } from './handlers/replica.ts';

const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Binds the guard, approvals and policy handlers to their contracts; returns stop/health for the kit runtime. */
export async function createSafetyService(deps: ServiceDeps<SafetyConfig, typeof schema>) {
  const { config, logger, nc, db } = deps;
  const policy = new Policy(db, {
    failMode: config.GUARD_FAIL_MODE,
    defaultPacks: config.DCG_PACKS,
    defaultQuorum: config.DCG_CRITICAL_QUORUM,
    tmpdir: config.DCG_TMPDIR,
    logger,
  });
  policy.engineFor({});
  const waiters = new ApprovalWaiters(db);
  const repos = createSafetyRepos(db);
  const signal = await openPolicySignal(nc, () => policyVersionValue(repos.policy.readVersion(), policy.signature()), {
    logger,
    replicas: config.STREAM_REPLICAS,
  });
  await signal.sync();
  const core: SafetyCore = {
    db,
    repos,
    policy,
    signal,
    waiters,
    metrics: createSafetyMetrics(deps.metrics.registry),
    durable: deps.durable,
    logger,
    approvalTimeoutMs: config.APPROVAL_TIMEOUT_MS,
    exceptionTtlMs: config.EXCEPTION_TTL_MS,
    failMode: config.GUARD_FAIL_MODE,
    writeGate:
      config.COORDINATION_CHECK === 'off'
        ? undefined
        : createWriteGate(nc, { failMode: config.COORDINATION_FAIL_MODE, timeoutMs: config.COORDINATION_TIMEOUT_MS, logger, registry: deps.metrics.registry }),
  };
  // Every instance hears every settled exception, so whichever one holds the waiting tool call answers it.
  const settled = subscribe(
    nc,
    dcgEvent,
    (e) => {
      if (e.type === 'exception' && e.exception.status !== 'pending') waiters.notify(e.exception.id);
    },
    { logger },
  );
  const rpcs = [...serveGuard(nc, core), ...serveExceptions(nc, core), ...serveAdmin(nc, core), servePolicySnapshot(nc, core)];
  const handed = consumeHookAllows(nc, core);
  const prune = () => {
    const n = core.repos.decisions.prune(new Date(Date.now() - config.DECISION_RETENTION_DAYS * 86_400_000));
    if (n) logger.info({ pruned: n }, 'old decisions pruned');
  };
  prune();
  const pruner = setInterval(prune, 3_600_000);
  pruner.unref();
  return {
    async stop() {
      rpcs.forEach((r) => r.stop());
      await handed.stop();
      signal.stop();
      clearInterval(pruner);
      settled.stop();
      waiters.expireAll();
      await new Promise((r) => setTimeout(r, 20));
    },
  };
}

export const SafetyDefinition: ServiceDefinition<typeof SafetyConfig, ServiceInstance, typeof schema> = {
  name: 'safety',
  version: packageVersion(import.meta.url),
  streams: ALL_STREAMS,
  db: { schema, migrationsFolder: MIGRATIONS },
  configSchema: SafetyConfig,
  create: createSafetyService,
};
