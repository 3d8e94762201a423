import { AppError, verifyCredentialRpc, type Principal } from '@flywheel/contracts';
import { serve, type Logger, type NatsConnection } from '@flywheel/kit';
import { createApiKeyRpc, issueWsTokenRpc, revokeApiKeyRpc } from './auth-rpcs.ts';
import type { KeyStore } from './key-store.ts';
import { WS_TOKEN_PREFIX, type WsTokens } from './ws-tokens.ts';

/** Resolves an API key or a ws token; UNAUTHORIZED when unknown, revoked or expired. */
export function verifyCredential(keys: KeyStore, tokens: WsTokens, credential: string): Principal {
  if (credential.startsWith(WS_TOKEN_PREFIX)) {
    const p = tokens.verify(credential);
    if (p?.keyId && keys.isActive(p.keyId)) return p;
  } else {
    const p = keys.verify(credential);
    if (p) return p;
  }
  throw new AppError('UNAUTHORIZED', 'invalid, revoked or expired credential');
}

function requireAdmin(keys: KeyStore, tokens: WsTokens, credential: string): void {
  if (verifyCredential(keys, tokens, credential).role !== 'admin') throw new AppError('FORBIDDEN', 'only an admin may manage API keys');
}

/** Serves the credential RPCs (verify for the ws-hub; token and key creation for the routes). */
export function serveAuth(nc: NatsConnection, keys: KeyStore, tokens: WsTokens, logger: Logger): { stop(): void } {
  const log = logger.child({ mod: 'auth' });
  const subs = [
    serve(nc, verifyCredentialRpc, ({ credential }) => verifyCredential(keys, tokens, credential), { logger: log, queue: 'gateway-api' }),
    serve(
      nc,
      issueWsTokenRpc,
      ({ credential }) => {
        const p = verifyCredential(keys, tokens, credential);
        if (credential.startsWith(WS_TOKEN_PREFIX)) throw new AppError('UNAUTHORIZED', 'a ws token cannot mint another; use an API key');
        return tokens.issue({ ...p, keyId: p.keyId! });
      },
      { logger: log, queue: 'gateway-api' },
    ),
    serve(
      nc,
      createApiKeyRpc,
      ({ credential, accountId, role }) => {
        requireAdmin(keys, tokens, credential);
        return { ...keys.create(accountId, role), accountId, role };
      },
      { logger: log, queue: 'gateway-api' },
    ),
    serve(
      nc,
      revokeApiKeyRpc,
      ({ credential, id }) => {
        requireAdmin(keys, tokens, credential);
        if (!keys.byId(id)) throw new AppError('NOT_FOUND', `no API key ${id}`);
        keys.revoke(id);
        return { id, revoked: true };
      },
      { logger: log, queue: 'gateway-api' },
    ),
  ];
  return { stop: () => subs.forEach((s) => s.stop()) };
}
