import express, { type Express } from 'express';
import type { Logger, NatsConnection, Registry, RpcCall } from '@flywheel/kit';
import type { ServiceName } from '@flywheel/contracts';
import { requestId } from './http/request-id.ts';
import { errorHandler, notFound } from './http/errors.ts';
import { httpMetrics } from './http/http-metrics.ts';
import { dashboard } from './http/static.ts';
import { healthRoutes } from './routes/health.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { apiRoutes } from './routes/api.ts';
import { keyRoutes } from './auth/key-routes.ts';
import { identify } from './auth/authenticate.ts';

export interface AppDeps {
  nc: NatsConnection;
  logger: Logger;
  registry: Registry;
  version: string;
  healthTimeoutMs: number;
  bodyLimit: string;
  webDist: string;
  peer: (service: Exclude<ServiceName, 'gateway-api'>) => RpcCall;
}

/** The Express 5 edge: request id → metrics → JSON → routes → 404 → the one error handler. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestId);
  app.use(httpMetrics(deps.registry));
  app.use(express.json({ limit: deps.bodyLimit }));
  app.use(healthRoutes({ nc: deps.nc, version: deps.version, timeoutMs: deps.healthTimeoutMs }));
  app.use(metricsRoutes({ nc: deps.nc, registry: deps.registry }));
  app.use('/api/v1', identify(deps.nc));
  app.use('/api/v1', keyRoutes({ nc: deps.nc }));
  app.use('/api/v1', apiRoutes({ nc: deps.nc, logger: deps.logger, registry: deps.registry, peer: deps.peer }));
  app.use('/api', notFound);
  app.use(dashboard(deps.webDist));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
