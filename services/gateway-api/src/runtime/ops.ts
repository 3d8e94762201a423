import { randomUUID } from 'node:crypto';
import { openKv, type DurablePublisher, type Logger, type NatsConnection, type Registry, type RpcCall } from '@flywheel/kit';
import type { OpsDb } from '../db/ops-db.ts';
import { createAuditRepo } from '../db/audit-repo.ts';
import { createAlertsRepo } from '../db/alerts-repo.ts';
import { createDeliveriesRepo } from '../db/deliveries-repo.ts';
import { createLocalStateRepo } from '../db/local-state-repo.ts';
import type { GatewayConfig } from '../config.ts';
import { startAuditTrail } from './audit-trail.ts';
import { openOpsSettings } from './ops-settings.ts';
import { createAlertEngine } from './alert-engine.ts';
import { createNotifier } from './notifier.ts';
import { startOpsCopies } from './ops-copies.ts';
import { runLeaderLease } from './leader-lease.ts';
import { startAlertWatch } from './alert-watch.ts';
import { startAlertPolls } from './alert-polls.ts';
import { createAgentOwners } from './agent-owners.ts';

export interface OpsDeps {
  nc: NatsConnection;
  durable: DurablePublisher;
  db: OpsDb;
  logger: Logger;
  registry: Registry;
  config: GatewayConfig;
  instanceId: string;
  runners: RpcCall;
}

/**
 * Operations: the audit trail, alerts and notifications. Every instance keeps copies and serves reads; one
 * instance at a time (the lease holder) evaluates rules and sends notifications.
 */
export async function startOps(d: OpsDeps) {
  const { config: c, logger } = d;
  const kv = await openKv(d.nc, 'ops', { replicas: c.STREAM_REPLICAS });
  const settings = await openOpsSettings(kv, logger);
  const name = createLocalStateRepo(d.db).getOrSet('ops-consumer', () => `gateway-${randomUUID().slice(0, 8)}`);
  const repos = { audit: createAuditRepo(d.db), alerts: createAlertsRepo(d.db), deliveries: createDeliveriesRepo(d.db) };
  const audit = startAuditTrail({ ...d, repo: repos.audit, consumerName: `${name}-audit`, retentionDays: c.AUDIT_RETENTION_DAYS });
  const notifier = createNotifier({
    settings,
    deliveries: repos.deliveries,
    alerts: repos.alerts,
    durable: d.durable,
    logger,
    registry: d.registry,
    adminAccount: c.FLYWHEEL_ADMIN_ACCOUNT,
    allowedHosts: c.NOTIFY_ALLOWED_HOSTS,
    timeoutMs: c.NOTIFY_TIMEOUT_MS,
    maxAttempts: c.NOTIFY_MAX_ATTEMPTS,
    backoffBaseMs: c.NOTIFY_BACKOFF_MS,
  });
  const engine = createAlertEngine({ repo: repos.alerts, settings, durable: d.durable, logger, registry: d.registry, onOpened: (a) => notifier.notify(a) });
  const copies = startOpsCopies({ nc: d.nc, alerts: repos.alerts, deliveries: repos.deliveries, logger, name });
  const owners = createAgentOwners(d.runners);
  let evaluating: { stop(): Promise<void> }[] = [];
  const lease = runLeaderLease(kv, {
    key: 'leader.alerts',
    holder: `${d.instanceId}/${name}`,
    leaseMs: c.OPS_LEASE_MS,
    logger,
    async onChange(leading) {
      if (!leading) {
        notifier.stop();
        await Promise.all(evaluating.map((e) => e.stop()));
        evaluating = [];
        return;
      }
      // Decide on what the last leader did, not on a half-read copy of it.
      if (!(await copies.caughtUp())) logger.warn('alert copy not caught up after 5 s; evaluating anyway');
      notifier.start();
      evaluating = [
        startAlertWatch({ nc: d.nc, engine, settings, owners, logger }),
        startAlertPolls({ nc: d.nc, engine, settings, registry: d.registry, logger, everyMs: c.ALERT_POLL_MS, healthTimeoutMs: c.HEALTH_TIMEOUT_MS }),
      ];
    },
  });
  return {
    audit,
    engine,
    settings,
    repos,
    isLeader: () => lease.isLeader(),
    async stop(): Promise<void> {
      await lease.stop();
      await Promise.all([audit.stop(), copies.stop()]);
      settings.stop();
    },
  };
}
export type Ops = Awaited<ReturnType<typeof startOps>>;
