import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppError, verifyCredentialRpc, type Principal } from '@flywheel/contracts';
import type { RpcCall } from '@flywheel/kit';

/** The credential of an upgrade: `Authorization: Bearer …` or `?token=…`. */
export function credentialOf(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim() || undefined;
  const t = new URL(req.url ?? '/', 'http://hub').searchParams.get('token');
  return t || undefined;
}

/** Optional `?client=` name that keeps ack positions apart for several dashboards on one key. */
export function clientNameOf(req: IncomingMessage): string {
  const c = new URL(req.url ?? '/', 'http://hub').searchParams.get('client') ?? '';
  return /^[A-Za-z0-9_-]{1,64}$/.test(c) ? c : 'default';
}

const MAX_ENTRIES = 10_000;

/**
 * Verifies credentials through the gateway (`svc.gateway-api.auth.verify`, breaker-guarded) and
 * remembers answers for `ttlMs` so a reconnect storm does not become an RPC storm.
 */
export class CredentialVerifier {
  private readonly cache = new Map<string, { principal: Principal; until: number }>();
  private readonly inflight = new Map<string, Promise<Principal>>();

  constructor(
    private readonly call: RpcCall,
    private readonly ttlMs: number,
  ) {}

  async verify(credential: string): Promise<Principal> {
    const key = createHash('sha256').update(credential).digest('base64url');
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.principal;
    // Concurrent upgrades with one credential (a reconnect storm) share one RPC.
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.call(verifyCredentialRpc, { credential }).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    const principal = await pending;
    if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { principal, until: Date.now() + this.ttlMs });
    return principal;
  }
}

/** HTTP status for a refused upgrade. */
export const refusalStatus = (e: unknown): number => {
  if (!(e instanceof AppError)) return 503;
  if (e.code === 'UNAUTHORIZED' || e.code === 'BAD_REQUEST') return 401;
  if (e.code === 'FORBIDDEN') return 403;
  return 503;
};
