import { z } from 'zod';
import { defineRpc } from './descriptors.ts';

export const Role = z.enum(['admin', 'operator', 'viewer']);
export type Role = z.infer<typeof Role>;

/** Who is calling: resolved from an API key or a short-lived token at the edge or the hub. */
export const Principal = z.object({
  accountId: z.string().min(1).max(100),
  role: Role,
  keyId: z.string().optional(),
});
export type Principal = z.infer<typeof Principal>;

/** Verifies an API key or a ws token; UNAUTHORIZED when it is unknown, revoked or expired. */
export const verifyCredentialRpc = defineRpc({
  subject: 'svc.gateway-api.auth.verify',
  request: z.object({ credential: z.string().min(1).max(512) }),
  reply: Principal,
  timeoutMs: 1000,
});
