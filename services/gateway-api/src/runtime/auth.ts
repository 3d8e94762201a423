import { AppError, type Principal } from '@flywheel/contracts';
import type { KeyStore } from './key-store.ts';
import { WS_TOKEN_PREFIX, type WsTokens } from './ws-tokens.ts';

/** Resolves credentials in-process: API keys from the key store, ws tokens by their signature. */
export interface Authenticator {
  /** The principal of an API key or ws token; UNAUTHORIZED when unknown, revoked or expired. */
  verify(credential: string): Principal;
  /** A ws token for an API key's principal (a ws token cannot mint another). */
  issueWsToken(credential: string): { token: string; expiresAt: string };
}

export function createAuthenticator(keys: KeyStore, tokens: WsTokens): Authenticator {
  const verify = (credential: string): Principal => {
    if (credential.startsWith(WS_TOKEN_PREFIX)) {
      const p = tokens.verify(credential);
      if (p?.keyId && keys.isActive(p.keyId)) return p;
    } else {
      const p = keys.verify(credential);
      if (p) return p;
    }
    throw new AppError('UNAUTHORIZED', 'invalid, revoked or expired credential');
  };
  return {
    verify,
    issueWsToken(credential) {
      const p = verify(credential);
      if (credential.startsWith(WS_TOKEN_PREFIX)) throw new AppError('UNAUTHORIZED', 'a ws token cannot mint another; use an API key');
      return tokens.issue({ ...p, keyId: p.keyId! });
    },
  };
}
