import { fleetListRpc, metricsRpc, type API, type HealthReport, type ServiceName } from '@flywheel/contracts';
import type { Registry, RpcCall } from '@flywheel/kit';
import type { GroupHandlers, RouteContext } from '../http/bind-routes.ts';
import { bearer } from '../http/bearer.ts';
import type { Authenticator } from '../runtime/auth.ts';
import type { KeyStore } from '../runtime/key-store.ts';
import type { ProfileStore } from '../runtime/profile-store.ts';
import { callContext } from './context.ts';

export interface SystemDeps {
  version: string;
  registry: Registry;
  auth: Authenticator;
  keys: KeyStore;
  profiles: ProfileStore;
  health: () => Promise<HealthReport>;
  openapi: () => Record<string, unknown>;
  peer: (service: Exclude<ServiceName, 'gateway-api'>) => RpcCall;
}

const sendText = (c: RouteContext, type: string, text: string) => void c.res.type(type).send(text);

/** Health, metrics, OpenAPI, fleet and ws tokens. */
export function systemHandlers(d: SystemDeps): GroupHandlers<typeof API.system> {
  return {
    health: () => d.health(),
    metrics: async (_i, c) => sendText(c, d.registry.contentType, await d.registry.metrics()),
    serviceMetrics: async ({ params }, c) => {
      if (params.service === 'gateway-api') return sendText(c, d.registry.contentType, await d.registry.metrics());
      const { text } = await d.peer(params.service)(metricsRpc(params.service), {}, callContext(c));
      sendText(c, 'text/plain; version=0.0.4', text);
    },
    openapi: () => d.openapi(),
    fleet: (_i, c) => d.peer('agent-runner')(fleetListRpc, {}, callContext(c)),
    wsToken: (_i, c) => d.auth.issueWsToken(bearer(c.req)),
  };
}
