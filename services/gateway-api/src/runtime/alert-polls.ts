import { healthRpc, SERVICE_NAMES, type ServiceName } from '@flywheel/contracts';
import { request, type Logger, type NatsConnection, type Registry } from '@flywheel/kit';
import type { AlertEngine } from './alert-engine.ts';
import type { OpsSettings } from './ops-settings.ts';

export interface AlertPollDeps {
  nc: NatsConnection;
  engine: AlertEngine;
  settings: OpsSettings;
  /** The evaluating gateway's own registry: its breakers' breaker_state. */
  registry: Registry;
  logger: Logger;
  everyMs: number;
  healthTimeoutMs: number;
}

const OPEN = 2;

/** The leader's polled rules: every service's health (svc.<name>.health) and this gateway's breakers. */
export function startAlertPolls(d: AlertPollDeps) {
  const failures = new Map<ServiceName, number>();
  const peers = SERVICE_NAMES.filter((s) => s !== 'gateway-api');
  // A polled condition that lasts is one alert, not one occurrence per poll.
  const isLive = (rule: 'service_unavailable' | 'breaker_open', id: string) => d.engine.live(rule).some((a) => a.subject.id === id);

  async function pollHealth(at: string): Promise<void> {
    const threshold = Math.max(1, d.settings.rule('service_unavailable').threshold ?? 2);
    await Promise.all(
      peers.map(async (s) => {
        const ok = await request(d.nc, healthRpc(s), {}, { timeoutMs: d.healthTimeoutMs }).then(
          () => true,
          () => false,
        );
        const subject = { kind: 'service' as const, id: s };
        if (ok) {
          failures.delete(s);
          return d.engine.resolve('service_unavailable', subject, at);
        }
        const n = (failures.get(s) ?? 0) + 1;
        failures.set(s, n);
        if (n < threshold || isLive('service_unavailable', s)) return;
        d.engine.fire({
          rule: 'service_unavailable',
          subject,
          at,
          key: `${s}:${at}`,
          title: `${s} did not answer ${n} health checks in a row`,
          details: { service: s, failedChecks: n },
        });
      }),
    );
  }

  async function pollBreakers(at: string): Promise<void> {
    const gauge = d.registry.getSingleMetric('breaker_state');
    const values = gauge ? (await gauge.get()).values : [];
    for (const v of values) {
      const breaker = String(v.labels.breaker ?? '');
      if (!breaker) continue;
      const subject = { kind: 'breaker' as const, id: breaker };
      if (v.value !== OPEN) d.engine.resolve('breaker_open', subject, at);
      else if (!isLive('breaker_open', breaker))
        d.engine.fire({ rule: 'breaker_open', subject, at, key: `${breaker}:${at}`, title: `The circuit to ${breaker} is open`, details: { breaker } });
    }
  }

  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    const at = new Date().toISOString();
    running = Promise.all([pollHealth(at), pollBreakers(at)])
      .catch((err: Error) => d.logger.warn({ err: err.message }, 'alert poll failed'))
      .then(() => void (running = undefined));
  };
  const timer = setInterval(tick, d.everyMs);
  tick();
  return {
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
