import { createHash } from 'node:crypto';
import { verifyCredentialRpc, type Principal } from '@flywheel/contracts';
import type { RpcCall } from '@flywheel/kit';

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
