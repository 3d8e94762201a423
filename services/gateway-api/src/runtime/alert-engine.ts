import { AppError, systemAlertEvent, type Alert, type AlertRuleId, type AlertSubject } from '@flywheel/contracts';
import { Counter, type DurablePublisher, type Logger, type Registry } from '@flywheel/kit';
import { decide, resolveAlert, setStatus, type Trigger } from '../domain/alert-decide.ts';
import type { AlertsRepo } from '../db/alerts-repo.ts';
import type { OpsSettings } from './ops-settings.ts';

export interface AlertEngineDeps {
  repo: AlertsRepo;
  settings: OpsSettings;
  durable: DurablePublisher;
  logger: Logger;
  registry: Registry;
  /** A new alert opened: tell the people who want to hear. */
  onOpened(a: Alert): void;
}

/**
 * Applies rule decisions: a snapshot is kept here at once and published on `system.alerts` with an id
 * made of the alert's id, count and status, so the same change made twice (a leader change) is stored once.
 */
export function createAlertEngine(d: AlertEngineDeps) {
  const log = d.logger.child({ mod: 'alerts' });
  const fired = new Counter({ name: 'alerts_total', help: 'Alert rule outcomes on this instance', labelNames: ['rule', 'outcome'], registers: [d.registry] });
  function publish(a: Alert): Alert {
    const stored = d.repo.merge(a);
    const msgId = `${stored.id}:${stored.count}:${stored.status}:${stored.statusAt}`;
    d.durable
      .publish(systemAlertEvent, [], { source: 'alerts', ...(stored.accountId ? { accountId: stored.accountId } : {}), alert: stored }, msgId)
      .catch((err: Error) => log.error({ err: err.message, id: stored.id }, 'alert snapshot not published'));
    return stored;
  }
  return {
    fire(t: Trigger): Alert | undefined {
      const trigger = { ...t, at: new Date(t.at).toISOString() };
      const decision = decide(trigger, d.settings.rule(t.rule), d.repo.latest(t.rule, t.subject));
      fired.inc({ rule: t.rule, outcome: decision.kind });
      if (decision.kind === 'opened') {
        // The same trigger seen again (a redelivery, a second leader) finds its alert already here.
        if (d.repo.get(decision.alert.id)) return undefined;
        const a = publish(decision.alert);
        log.info({ id: a.id, rule: a.rule, subject: a.subject }, 'alert opened');
        d.onOpened(a);
        return a;
      }
      if (decision.kind === 'repeated') return publish(decision.alert);
      return undefined;
    },
    resolve(rule: AlertRuleId, subject: AlertSubject, at: string): void {
      const a = resolveAlert(d.repo.latest(rule, subject), new Date(at).toISOString());
      if (a) publish(a);
    },
    /** Live alerts of a rule, for pollers that resolve what cleared. */
    live: (rule: AlertRuleId) => d.repo.live(rule),
    /** A person acknowledges or dismisses (on any instance). */
    setStatus(id: string, status: 'acknowledged' | 'dismissed', by: string): Alert {
      const a = d.repo.get(id);
      if (!a) throw new AppError('NOT_FOUND', `no alert ${id}`);
      const next = setStatus(a, status, by, new Date().toISOString());
      if (!next) throw new AppError('CONFLICT', `alert ${id} is ${a.status}`);
      return next === a ? a : publish(next);
    },
  };
}
export type AlertEngine = ReturnType<typeof createAlertEngine>;
