import { z } from 'zod';
import { defineRpc } from './descriptors.ts';

/** The six services behind the gateway; `gateway-api` answers for itself. */
export const SERVICE_NAMES = ['gateway-api', 'agent-runner', 'cost', 'safety', 'coordination', 'ws-hub'] as const;
export const ServiceName = z.enum(SERVICE_NAMES);
export type ServiceName = z.infer<typeof ServiceName>;

export const ServiceHealth = z.object({
  status: z.enum(['ok', 'degraded', 'unavailable']),
  version: z.string().optional(),
  instanceId: z.string().optional(),
  uptimeS: z.number().optional(),
  /** Free-form checks, e.g. {db:'ok', nats:'ok'}. */
  checks: z.record(z.string(), z.string()).optional(),
  error: z.string().optional(),
});
export type ServiceHealth = z.infer<typeof ServiceHealth>;

export const HealthReport = z.object({
  status: z.enum(['ok', 'degraded']),
  services: z.record(ServiceName, ServiceHealth),
});
export type HealthReport = z.infer<typeof HealthReport>;

const Empty = z.object({}).passthrough();

/** Health of one service over NATS: `svc.<name>.health`. */
export const healthRpc = (service: ServiceName) => defineRpc({ subject: `svc.${service}.health`, request: Empty, reply: ServiceHealth, timeoutMs: 1000 });

/** Prometheus text of one service over NATS: `svc.<name>.metrics`. */
export const metricsRpc = (service: ServiceName) =>
  defineRpc({ subject: `svc.${service}.metrics`, request: Empty, reply: z.object({ text: z.string() }), timeoutMs: 2000 });
