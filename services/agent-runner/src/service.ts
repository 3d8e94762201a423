import { fileURLToPath } from 'node:url';
import { hostname } from 'node:os';
import { ALL_STREAMS } from '@flywheel/contracts';
import { packageVersion, type ServiceDefinition, type ServiceDeps, type ServiceInstance } from '@flywheel/kit';
import { AgentRunnerConfig } from './config.ts';
import * as schema from './db/schema.ts';
import { createAgentRepo } from './db/agent-repo.ts';
import { toInfo } from './domain/agent-record.ts';
import { createEventRepo } from './db/event-repo.ts';
import { createHistoryRepo } from './db/history-repo.ts';
import { createEventLog } from './runtime/event-log.ts';
import { createAgentState } from './runtime/agent-state.ts';
import { createGuard } from './runtime/guard.ts';
import { createBudgetCheck } from './runtime/budget.ts';
import { createAgentCredentials } from './runtime/credentials.ts';
import { createAgentProfiles } from './runtime/profiles.ts';
import { openUsageSettings } from './runtime/usage-settings.ts';
import { createCommandLog } from './runtime/command-log.ts';
import { createAgentRuntime } from './runtime/agent-runtime.ts';
import { createCheckpoints } from './runtime/checkpoints.ts';
import { createWorktreeOps, type WorktreeOps } from './runtime/worktree-ops.ts';
import { createReviewRepo } from './db/review-repo.ts';
import { startFleet } from './runtime/fleet.ts';
import { startWatchdog } from './runtime/watchdog.ts';
import { startBudgetEnforcer } from './runtime/budget-enforcer.ts';
import { recoverAfterRestart } from './runtime/recover.ts';
import { trackAgentAttention, trackAgentStates } from './runtime/agent-metrics.ts';
import { createDrivers } from './runtime/drivers/registry.ts';
import { localOps } from './handlers/agent-handlers.ts';
import { startRouting } from './handlers/routing.ts';

const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Composition root of one runner: db → event log → drivers → runtime → routing, fleet, watchdog, budgets. */
export async function createAgentRunnerService(deps: ServiceDeps<AgentRunnerConfig, typeof schema>) {
  const { config, logger, nc, db } = deps;
  const runnerId = config.RUNNER_ID ?? deps.instanceId.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64);
  const agents = createAgentRepo(db);
  const events = createEventRepo(db);
  const history = createHistoryRepo(db);
  const log = createEventLog({ agents, events, durable: deps.durable, logger, registry: deps.metrics.registry });
  const credentials = createAgentCredentials({ nc, logger, registry: deps.metrics.registry });
  let worktrees: WorktreeOps | undefined;
  const state = createAgentState({
    agents,
    log,
    logger,
    onEnd: (id) => {
      credentials.revoke(id);
      void worktrees?.onAgentEnd(id);
    },
  });
  const commands = createCommandLog({ history, agents });
  const guard = createGuard({ nc, logger, timeoutMs: config.GUARD_TIMEOUT_MS, failMode: config.GUARD_FAIL_MODE, registry: deps.metrics.registry });
  const budget = createBudgetCheck({ nc, logger, timeoutMs: config.BUDGET_TIMEOUT_MS, failMode: config.BUDGET_FAIL_MODE, registry: deps.metrics.registry });
  let checkpoints: ReturnType<typeof createCheckpoints> | undefined;
  const usageDefaults = { autoResume: config.USAGE_AUTO_RESUME === 'on', rotateProfiles: config.USAGE_ROTATE_PROFILES === 'on' };
  const usageSettings = await openUsageSettings({ nc, logger, defaults: usageDefaults, replicas: config.STREAM_REPLICAS });
  const runtime = createAgentRuntime({
    runnerId,
    agents,
    state,
    commands,
    budget,
    logger,
    credentials,
    profiles: createAgentProfiles({ nc, logger, registry: deps.metrics.registry }),
    drivers: createDrivers(config, logger),
    usageLimits: {
      message: config.USAGE_RESUME_MESSAGE,
      jitterMs: config.USAGE_RESUME_JITTER_MS,
      backoffMs: config.USAGE_RESUME_BACKOFF_MS,
      defaults: usageDefaults,
    },
    usageSettings,
    sinkDeps: {
      runnerId,
      agents,
      state,
      log,
      guard,
      logger,
      checkpointEveryMessages: config.CHECKPOINT_EVERY_MESSAGES,
      autoCheckpoint: (id) => checkpoints?.auto(id),
    },
  });
  checkpoints = createCheckpoints({ history, state, log, runtime, commands });
  worktrees = createWorktreeOps({ nc, logger, runnerId, agents, reviews: createReviewRepo(db), send: runtime.send, registry: deps.metrics.registry });
  await recoverAfterRestart({ agents, state, logger });
  const fleet = await startFleet({
    nc,
    logger,
    runnerId,
    host: config.HOST_LABEL ?? hostname(),
    intervalMs: config.HEARTBEAT_MS,
    liveAgents: () => agents.live().map((r) => toInfo(r, runnerId)),
    agentCount: () => agents.count(),
  });
  trackAgentStates(deps.metrics.registry, agents);
  trackAgentAttention(deps.metrics.registry, agents);
  const routing = startRouting({
    nc,
    logger,
    runnerId,
    runtime,
    agents,
    fleet: fleet.view,
    worktrees,
    ops: localOps({ runtime, events, history, checkpoints, worktrees }),
    usageSettings,
  });
  for (const row of agents.page({ limit: 1_000_000 }).rows) routing.adopt(row.id);
  const watchdog = startWatchdog({
    agents,
    runtime,
    state,
    logger,
    intervalMs: config.REAPER_MS,
    stallMs: config.STALL_MS,
    checkpointEveryMs: config.CHECKPOINT_EVERY_MS,
    checkpointLastAt: checkpoints.lastAt,
    autoCheckpoint: (id) => checkpoints?.auto(id),
  });
  const enforcer = startBudgetEnforcer({ nc, logger, registry: deps.metrics.registry, runnerId, agents, runtime });
  logger.info({ runnerId }, 'agent-runner ready');
  return {
    runnerId,
    runtime,
    async stop() {
      watchdog.stop();
      routing.stop();
      await enforcer.stop();
      await runtime.stopAll('runner stopped');
      usageSettings.stop();
      // A last beat with no live agents, so peers do not show the failed ones as unknown.
      fleet.beat();
      fleet.stop();
      log.close();
    },
  };
}

export const AgentRunnerDefinition: ServiceDefinition<typeof AgentRunnerConfig, ServiceInstance, typeof schema> = {
  name: 'agent-runner',
  version: packageVersion(import.meta.url),
  streams: ALL_STREAMS,
  db: { schema, migrationsFolder: MIGRATIONS },
  configSchema: AgentRunnerConfig,
  create: createAgentRunnerService,
};
