import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ServiceMetrics {
  registry: Registry;
  /** RPC calls served, by subject and outcome code ('ok' or an ErrorCode). */
  rpcServed: Counter<'subject' | 'code'>;
  rpcDuration: Histogram<'subject' | 'code'>;
  /** NATS requests made (client side), by descriptor subject and outcome code. */
  rpcRequests: Histogram<'subject' | 'code'>;
}

const RPC_BUCKETS = [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5];

/** One registry per service with default process metrics, labelled by service. */
export function createMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  // Gauges named like counters fail `promtool check metrics`; nodejs_active_{handles,requests,resources} carry the same by type.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);
  return {
    registry,
    rpcServed: new Counter({ name: 'rpc_served_total', help: 'NATS requests served', labelNames: ['subject', 'code'], registers: [registry] }),
    rpcDuration: new Histogram({
      name: 'rpc_duration_seconds',
      help: 'NATS request handling time, by subject and outcome code',
      labelNames: ['subject', 'code'],
      buckets: RPC_BUCKETS,
      registers: [registry],
    }),
    rpcRequests: new Histogram({
      name: 'rpc_request_duration_seconds',
      help: 'NATS requests made: round trip by subject and outcome code',
      labelNames: ['subject', 'code'],
      buckets: RPC_BUCKETS,
      registers: [registry],
    }),
  };
}

/** Optional plain HTTP /metrics for a Prometheus scrape straight from the service. */
export async function serveMetrics(registry: Registry, port: number, host = '0.0.0.0'): Promise<Server> {
  const server = createServer(async (req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return server;
}
