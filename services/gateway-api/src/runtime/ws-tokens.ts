import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { Role, type Principal } from '@flywheel/contracts';

export const WS_TOKEN_PREFIX = 'fwt_';

const Claims = z.object({ a: z.string(), r: Role, k: z.string(), e: z.number() });

/**
 * Short-lived, stateless ws tokens: `fwt_<claims>.<HMAC-SHA256>`. They name the key they were
 * issued for, so revoking the key also ends its tokens (checked at verify time).
 */
export class WsTokens {
  constructor(
    private readonly secret: Buffer,
    private readonly ttlS: number,
    private readonly now: () => number = Date.now,
  ) {}

  static newSecret(): string {
    return randomBytes(32).toString('base64url');
  }

  issue(p: Principal & { keyId: string }): { token: string; expiresAt: string } {
    const exp = this.now() + this.ttlS * 1000;
    const body = Buffer.from(JSON.stringify({ a: p.accountId, r: p.role, k: p.keyId, e: exp })).toString('base64url');
    return { token: `${WS_TOKEN_PREFIX}${body}.${this.sign(body)}`, expiresAt: new Date(exp).toISOString() };
  }

  /** The principal of a valid, unexpired token, or undefined. */
  verify(token: string): Principal | undefined {
    if (!token.startsWith(WS_TOKEN_PREFIX)) return undefined;
    const [body, sig] = token.slice(WS_TOKEN_PREFIX.length).split('.');
    if (!body || !sig) return undefined;
    const want = Buffer.from(this.sign(body));
    const got = Buffer.from(sig);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return undefined;
    let claims: z.infer<typeof Claims>;
    try {
      claims = Claims.parse(JSON.parse(Buffer.from(body, 'base64url').toString()));
    } catch {
      return undefined;
    }
    if (claims.e <= this.now()) return undefined;
    return { accountId: claims.a, role: claims.r, keyId: claims.k };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
