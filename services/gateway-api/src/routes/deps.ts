import type { Logger, NatsConnection, Registry, RpcCall } from '@flywheel/kit';
import type { ServiceName } from '@flywheel/contracts';

/** What every /api/v1 route module receives. */
export interface ApiDeps {
  nc: NatsConnection;
  logger: Logger;
  registry: Registry;
  /** Breaker-guarded RPC to a peer service. */
  peer: (service: Exclude<ServiceName, 'gateway-api'>) => RpcCall;
}
