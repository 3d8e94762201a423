import { z } from 'zod';
import { HealthReport, ServiceName } from '../health.ts';
import { WsToken } from '../hub.ts';
import { RunnerInfo } from '../fleet.ts';
import { routesOf } from './route.ts';

const route = routesOf('system');

export const MetricsParams = z.object({ service: ServiceName });

/** Health, metrics, the OpenAPI document, the runner fleet and ws tokens. */
export const systemRoutes = {
  health: route({ method: 'GET', path: '/health', summary: "Every service's status, gathered over NATS", access: 'public', reply: HealthReport }),
  metrics: route({ method: 'GET', path: '/metrics', summary: "The gateway's Prometheus metrics", access: 'viewer', reply: z.string(), produces: 'text/plain' }),
  serviceMetrics: route({
    method: 'GET',
    path: '/metrics/:service',
    summary: "A service's Prometheus metrics, fetched over NATS",
    access: 'viewer',
    params: MetricsParams,
    reply: z.string(),
    produces: 'text/plain',
  }),
  openapi: route({ method: 'GET', path: '/api/v1/openapi.json', summary: 'This document', access: 'public', reply: z.record(z.string(), z.unknown()) }),
  fleet: route({
    method: 'GET',
    path: '/api/v1/fleet',
    summary: 'Agent runners with their agent counts and heartbeats',
    access: 'viewer',
    reply: z.object({ runners: z.array(RunnerInfo) }),
  }),
  wsToken: route({
    method: 'POST',
    path: '/api/v1/ws/token',
    summary: 'Trade an API key for a short-lived token for /ws?token=',
    access: 'viewer',
    reply: WsToken,
    status: 201,
    secretReply: true,
  }),
} as const;
