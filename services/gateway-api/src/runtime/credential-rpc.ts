import { agentCredentialRpcs, verifyCredentialRpc } from '@flywheel/contracts';
import { serve, type Logger, type NatsConnection } from '@flywheel/kit';
import type { Authenticator } from './auth.ts';
import type { KeyStore } from './key-store.ts';

/**
 * svc.gateway-api.auth.verify for the ws-hub (credentials at upgrade), and agent credentials minted and
 * revoked by the agent-runner at spawn and terminate.
 */
export function serveCredentialRpcs(nc: NatsConnection, o: { auth: Authenticator; keys: KeyStore; gatewayUrl: string; logger: Logger }): { stop(): void } {
  const logger = o.logger.child({ mod: 'auth' });
  const q = { logger, queue: 'gateway-api' };
  const subs = [
    serve(nc, verifyCredentialRpc, ({ credential }) => o.auth.verify(credential), q),
    serve(
      nc,
      agentCredentialRpcs.mint,
      async ({ agentId, accountId, isolationRoot }) => {
        const { key, id } = await o.keys.mintAgent(agentId, accountId ?? 'default', isolationRoot);
        return { token: key, keyId: id, gatewayUrl: o.gatewayUrl };
      },
      q,
    ),
    serve(nc, agentCredentialRpcs.revoke, async ({ agentId }) => ({ revoked: await o.keys.revokeAgent(agentId) }), q),
  ];
  return { stop: () => subs.forEach((s) => s.stop()) };
}
