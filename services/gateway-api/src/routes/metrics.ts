import { Router } from 'express';
import { metricsRpc, ServiceName } from '@flywheel/contracts';
import { request, type NatsConnection, type Registry } from '@flywheel/kit';
import { params } from '../http/validate.ts';
import { z } from 'zod';

/** `/metrics` is the gateway's own registry; `/metrics/:service` fetches a peer's over NATS. */
export function metricsRoutes(deps: { nc: NatsConnection; registry: Registry }): Router {
  const r = Router();
  r.get('/metrics', async (_req, res) => {
    res.type(deps.registry.contentType).send(await deps.registry.metrics());
  });
  r.get('/metrics/:service', async (req, res) => {
    const { service } = params(req, z.object({ service: ServiceName }));
    if (service === 'gateway-api') return void res.type(deps.registry.contentType).send(await deps.registry.metrics());
    const { text } = await request(deps.nc, metricsRpc(service), {}, { requestId: req.requestId });
    res.type('text/plain; version=0.0.4').send(text);
  });
  return r;
}
