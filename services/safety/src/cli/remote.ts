import * as z from 'zod/mini';
import { GUARD_SUBJECT } from '@flywheel/contracts/safety-subjects';
import { DEFAULT_NAMESPACE, nsSubject } from '@flywheel/contracts/namespace';
import type { GuardReply, GuardRequest } from '@flywheel/contracts/safety';
import { wireRequest } from './nats-wire.ts';

/** GuardReply (contracts) in zod/mini, so the hook never loads full zod; hook-wire.test.ts keeps the two in step. */
export const WireGuardReply = z.object({
  decision: z.enum(['allow', 'deny']),
  reason: z.optional(z.string()),
  ruleId: z.optional(z.string()),
  shortCode: z.optional(z.string()),
  decisionId: z.optional(z.string()),
  warning: z.optional(z.string()),
});

const Envelope = z.union([
  z.object({ ok: z.literal(true), data: WireGuardReply }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);

/**
 * Asks the running safety service; undefined when it cannot answer in time (the caller falls back to
 * the local engine); 'unsupported' when the server needs TLS or auth (use remote-nats.ts).
 */
export async function askService(
  url: string,
  req: GuardRequest,
  timeoutMs: number,
  namespace = DEFAULT_NAMESPACE,
): Promise<GuardReply | 'unsupported' | undefined> {
  const raw = await wireRequest(url, nsSubject(namespace, GUARD_SUBJECT), JSON.stringify(req), timeoutMs);
  if (raw === 'unsupported' || raw === undefined) return raw;
  try {
    const env = Envelope.parse(JSON.parse(raw));
    return env.ok ? env.data : undefined;
  } catch {
    return undefined;
  }
}
