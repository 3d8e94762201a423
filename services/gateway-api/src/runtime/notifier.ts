import { createHash } from 'node:crypto';
import { deliveryEvent, userNotificationEvent, type Alert, type Delivery } from '@flywheel/contracts';
import { Counter, type DurablePublisher, type Logger, type Registry } from '@flywheel/kit';
import type { DeliveriesRepo } from '../db/deliveries-repo.ts';
import { planDeliveries, type PlannedDelivery, type Recipient } from '../domain/notify-plan.ts';
import { backoffMs, messageFor } from '../domain/notify-message.ts';
import { signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../domain/webhook-signature.ts';
import { hostAllowed } from '../domain/host-allowlist.ts';
import { postMessage, type SendOutcome } from './http-sender.ts';
import type { OpsSettings } from './ops-settings.ts';
import type { AlertsRepo } from '../db/alerts-repo.ts';

export interface NotifierDeps {
  settings: OpsSettings;
  deliveries: DeliveriesRepo;
  alerts: AlertsRepo;
  durable: DurablePublisher;
  logger: Logger;
  registry: Registry;
  /** Who hears about alerts that belong to no account. */
  adminAccount: string;
  allowedHosts: readonly string[];
  timeoutMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
}

/** The same alert, channel and destination always make the same delivery id (a receiver can drop repeats by it). */
const deliveryIdFor = (alertId: string, p: PlannedDelivery) =>
  `dlv_${createHash('sha256')
    .update(`${alertId}\n${p.accountId}\n${p.channel}\n${p.endpointId ?? ''}`)
    .digest('hex')
    .slice(0, 24)}`;

/**
 * Sends alerts where each account wants them, retrying with exponential backoff; every attempt's outcome is
 * kept and published on `ops.deliveries`. Runs on the leader only; a new leader resumes pending deliveries.
 */
export function createNotifier(d: NotifierDeps) {
  const log = d.logger.child({ mod: 'notifier' });
  const outcomes = new Counter({
    name: 'notification_deliveries_total',
    help: 'Notification delivery attempts by channel and outcome',
    labelNames: ['channel', 'outcome'],
    registers: [d.registry],
  });
  const timers = new Map<string, NodeJS.Timeout>();
  let running = false;

  function save(x: Delivery): Delivery {
    const stored = d.deliveries.merge(x);
    d.durable
      .publish(deliveryEvent, [], stored, `${stored.id}:${stored.attempts}:${stored.status}`)
      .catch((err: Error) => log.error({ err: err.message, id: stored.id }, 'delivery record not published'));
    return stored;
  }

  async function send(x: Delivery, a: Alert): Promise<SendOutcome> {
    if (x.channel === 'in_app') {
      await d.durable.publish(
        userNotificationEvent,
        [x.accountId],
        {
          id: x.id,
          kind: 'alert',
          alertId: a.id,
          rule: a.rule,
          severity: a.severity,
          title: a.title,
          subject: a.subject,
          ts: new Date().toISOString(),
        },
        x.id,
      );
      return { ok: true, status: 200 };
    }
    const e = x.endpointId ? d.settings.endpoint(x.endpointId) : undefined;
    if (!e) return { ok: false, error: 'endpoint removed', retry: false };
    if (!hostAllowed(e.url, d.allowedHosts)) return { ok: false, error: 'destination host not in NOTIFY_ALLOWED_HOSTS', retry: false };
    const msg = messageFor(e.kind, x.id, a);
    if (e.kind === 'webhook' && e.secret) {
      const ts = Math.floor(Date.now() / 1000);
      msg.headers[TIMESTAMP_HEADER] = String(ts);
      msg.headers[SIGNATURE_HEADER] = signWebhook(e.secret, ts, msg.body);
    }
    return postMessage(e.url, msg, d.timeoutMs);
  }

  async function attempt(x: Delivery): Promise<void> {
    timers.delete(x.id);
    const a = d.alerts.get(x.alertId);
    if (!running || !a) return;
    const out = await send(x, a).catch((err: Error): SendOutcome => ({ ok: false, error: err.message, retry: true }));
    const attempts = x.attempts + 1;
    const now = new Date();
    const base = { ...x, attempts, updatedAt: now.toISOString(), ...(out.status ? { lastStatus: out.status } : {}) };
    outcomes.inc({ channel: x.channel, outcome: out.ok ? 'delivered' : out.retry && attempts < d.maxAttempts ? 'retry' : 'failed' });
    if (out.ok) return void save({ ...base, status: 'delivered', lastError: undefined, nextAttemptAt: undefined });
    if (!out.retry || attempts >= d.maxAttempts) {
      log.warn({ id: x.id, channel: x.channel, error: out.error, attempts }, 'notification not delivered');
      return void save({ ...base, status: 'failed', lastError: out.error, nextAttemptAt: undefined });
    }
    const wait = backoffMs(attempts, d.backoffBaseMs);
    schedule(save({ ...base, status: 'pending', lastError: out.error, nextAttemptAt: new Date(now.getTime() + wait).toISOString() }));
  }

  function schedule(x: Delivery): void {
    if (!running || timers.has(x.id)) return;
    const wait = x.nextAttemptAt ? Math.max(0, Date.parse(x.nextAttemptAt) - Date.now()) : 0;
    timers.set(
      x.id,
      setTimeout(() => void attempt(x), wait),
    );
  }

  function recipients(a: Alert): Recipient[] {
    const accountId = a.accountId ?? d.adminAccount;
    return [{ accountId, prefs: d.settings.prefs(accountId), endpoints: d.settings.endpoints(accountId) }];
  }

  return {
    /** Plans and starts the deliveries of a newly opened alert. */
    notify(a: Alert): void {
      if (!running) return;
      const at = new Date();
      for (const p of planDeliveries(a, recipients(a), at)) {
        const id = deliveryIdFor(a.id, p);
        if (d.deliveries.get(id)) continue;
        const x = save({
          id,
          alertId: a.id,
          accountId: p.accountId,
          channel: p.channel,
          ...(p.endpointId ? { endpointId: p.endpointId } : {}),
          status: p.suppressed ? 'suppressed' : 'pending',
          attempts: 0,
          createdAt: at.toISOString(),
          updatedAt: at.toISOString(),
          ...(p.suppressed ? { lastError: 'quiet hours' } : {}),
        });
        if (x.status === 'pending') schedule(x);
      }
    },
    /** On becoming the leader: pick up what the previous one left pending. */
    start(): void {
      running = true;
      for (const x of d.deliveries.pending()) schedule(x);
    },
    stop(): void {
      running = false;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
export type Notifier = ReturnType<typeof createNotifier>;
