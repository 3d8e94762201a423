import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { connectNats, rpcClient, type RpcCall } from '@flywheel/kit';
import { testLogger } from '@flywheel/kit/testing';
import { Registry } from 'prom-client';
import { requestId } from '../../../gateway-api/src/http/request-id.ts';
import { errorHandler, notFound } from '../../../gateway-api/src/http/errors.ts';
import { agentRoutes } from '../../../gateway-api/src/routes/agents.ts';
import { fleetRoutes } from '../../../gateway-api/src/routes/fleet.ts';

/**
 * The gateway's agent and fleet route modules with its request-id and error middleware, without the
 * rest of the edge (auth, dashboard, its own DB), so these tests do not depend on unrelated gateway work.
 */
export async function startTestGateway(natsUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const logger = testLogger();
  const nc = await connectNats({ url: natsUrl, name: 'test-gateway', logger });
  const registry = new Registry();
  const peers = new Map<string, RpcCall>();
  const peer = (s: string) => peers.get(s) ?? (peers.set(s, rpcClient(nc, s, { registry })), peers.get(s)!);
  const deps = { nc, logger, registry, peer };
  const app = express();
  app.use(requestId);
  // Stands in for the gateway's authenticate(): a test names the caller's account in a header.
  app.use((req, _res, next) => {
    const account = req.header('x-test-account');
    if (account) req.principal = { accountId: account, role: 'operator', keyId: 'key_test' };
    next();
  });
  app.use(express.json({ limit: '1mb' }));
  app.use('/api/v1', agentRoutes(deps), fleetRoutes(deps));
  app.use(notFound);
  app.use(errorHandler(logger));
  const server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await nc.drain();
    },
  };
}
