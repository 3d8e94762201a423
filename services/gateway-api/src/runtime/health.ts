import { healthRpc, SERVICE_NAMES, type HealthReport, type ServiceHealth } from '@flywheel/contracts';
import { request, type NatsConnection } from '@flywheel/kit';

export interface HealthDeps {
  nc: NatsConnection;
  version: string;
  timeoutMs: number;
}

/** Asks every service over NATS at once; a silent one is `unavailable`, the report `degraded`. */
export async function gatherHealth(deps: HealthDeps): Promise<HealthReport> {
  const peers = SERVICE_NAMES.filter((s) => s !== 'gateway-api');
  const answers = await Promise.all(
    peers.map((s) =>
      request(deps.nc, healthRpc(s), {}, { timeoutMs: deps.timeoutMs }).catch((e): ServiceHealth => ({ status: 'unavailable', error: (e as Error).message })),
    ),
  );
  const services = Object.fromEntries([
    ['gateway-api', { status: 'ok', version: deps.version } satisfies ServiceHealth],
    ...peers.map((s, i) => [s, answers[i]]),
  ]) as HealthReport['services'];
  const status = Object.values(services).every((h) => h.status === 'ok') ? 'ok' : 'degraded';
  return { status, services };
}

/**
 * One gather in flight at a time: a request arriving while one runs shares its answer (load balancers and
 * monitors probe every instance at once; each probe would otherwise cost every service an RPC). Such an answer
 * was begun at most one gather (≤ the health timeout) before the request; nothing is kept once the gather ends.
 */
export function coalescedHealth(deps: HealthDeps): () => Promise<HealthReport> {
  let inFlight: Promise<HealthReport> | undefined;
  return () =>
    (inFlight ??= gatherHealth(deps).finally(() => {
      inFlight = undefined;
    }));
}
