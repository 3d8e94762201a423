import { Delivery, deliveryEvent, OPS_STREAM, streamNameForFamily, SystemAlert, systemAlertEvent } from '@flywheel/contracts';
import { consumeDurable, lastSeqOn, type Logger, type NatsConnection } from '@flywheel/kit';
import type { AlertsRepo } from '../db/alerts-repo.ts';
import type { DeliveriesRepo } from '../db/deliveries-repo.ts';

const WEEK_MS = 7 * 86_400_000;

export interface OpsCopiesDeps {
  nc: NatsConnection;
  alerts: AlertsRepo;
  deliveries: DeliveriesRepo;
  logger: Logger;
  /** This database's name for its consumers. */
  name: string;
}

/**
 * Every instance's own copy of alerts (`system.alerts`) and deliveries (`ops.deliveries`): each snapshot is
 * merged, so redeliveries and arrival order do not matter. All instances serve reads from their copy.
 */
export function startOpsCopies(d: OpsCopiesDeps) {
  let alertsSeen = 0;
  let deliveriesSeen = 0;
  const common = { logger: d.logger, inactiveThresholdMs: WEEK_MS };
  const alertsStream = streamNameForFamily('system:alerts');
  const consumers = [
    consumeDurable(d.nc, {
      ...common,
      stream: alertsStream,
      durable: `${d.name}-alerts`,
      filterSubject: systemAlertEvent.subject,
      schema: SystemAlert,
      handler: (e, meta) => {
        if (e.source === 'alerts') d.alerts.merge(e.alert);
        alertsSeen = Math.max(alertsSeen, meta.streamSeq);
      },
    }),
    consumeDurable(d.nc, {
      ...common,
      stream: OPS_STREAM.name,
      durable: `${d.name}-deliveries`,
      filterSubject: deliveryEvent.subject,
      schema: Delivery,
      handler: (x, meta) => {
        d.deliveries.merge(x);
        deliveriesSeen = Math.max(deliveriesSeen, meta.streamSeq);
      },
    }),
  ];
  return {
    /** Resolves once both copies hold everything published before the call (or after `timeoutMs`). */
    async caughtUp(timeoutMs = 5000): Promise<boolean> {
      const [a, x] = await Promise.all([lastSeqOn(d.nc, alertsStream, systemAlertEvent.subject), lastSeqOn(d.nc, OPS_STREAM.name, deliveryEvent.subject)]);
      const deadline = Date.now() + timeoutMs;
      while (alertsSeen < a || deliveriesSeen < x) {
        if (Date.now() > deadline) return false;
        await new Promise((r) => setTimeout(r, 25));
      }
      return true;
    },
    stop: () => Promise.all(consumers.map((c) => c.stop())).then(() => undefined),
  };
}
