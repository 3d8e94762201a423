import { z } from 'zod';
import { Id, IsoTime } from './ids.ts';
import { defineEvent, defineRpc } from './descriptors.ts';
import { PackActionValue } from './safety-rpcs.ts';

/**
 * What the gateway needs to build the guard's engines itself (its hook fast path): the stored policy's version,
 * every stored pack action and custom pack, and the safety service's engine settings.
 */
export const PolicySnapshot = z.object({
  version: z.number().int().nonnegative(),
  /** Stored pack actions: `scopeKey` is `global`, `account:<id>`, `project:<id>` or `profile:<id>`. */
  packActions: z.array(z.object({ scopeKey: z.string(), packId: z.string(), action: PackActionValue })),
  /** Custom packs as stored; the replica loads them as the safety service does (one that no longer loads is skipped). */
  customPacks: z.array(z.object({ id: z.string(), format: z.string(), source: z.string() })),
  failMode: z.enum(['open', 'closed']),
  /** DCG_PACKS: packs kept at their rules' own actions unless a scope says otherwise. */
  defaultPacks: z.array(z.string()),
  /** DCG_TMPDIR: an extra directory under which recursive deletion is allowed. */
  tmpdir: z.string().optional(),
  /** The safety service's built-in rules (`builtinRulesHash` of its @flywheel/dcg): a replica built by other rules is not used. */
  rulesHash: z.string().max(100),
  /** Rules and settings together: the part after the colon of the KV value. */
  signature: z.string().max(100),
});
export type PolicySnapshot = z.infer<typeof PolicySnapshot>;

export const policySnapshotRpc = defineRpc({ subject: 'svc.safety.policy.snapshot', request: z.object({}), reply: PolicySnapshot, timeoutMs: 2000 });

/**
 * KV bucket (`<ns>_safety-policy`) whose key `version` the safety service sets to `<stored policy version>:<signature>`
 * on every change and at boot (the signature moves when it restarts with other rules or engine settings).
 */
export const POLICY_VERSION_BUCKET = 'safety-policy';
export const POLICY_VERSION_KEY = 'version';

/** The value of the KV key `version`. */
export const policyVersionValue = (version: number, signature: string): string => `${version}:${signature}`;

/**
 * An engine `allow` the gateway answered itself (a shell command that writes nothing), handed to the safety
 * service to store and publish as its own decision. Msg id = `id`; the command is already redacted.
 */
export const HookAllow = z.object({
  id: z.string().min(1).max(100),
  ts: IsoTime,
  agentId: Id,
  accountId: z.string().max(100).optional(),
  tool: z.string().min(1).max(200),
  command: z.string().max(100_000),
  durationUs: z.number().int().nonnegative(),
  /** The replica's policy version the engine was built from (to see the staleness window in logs). */
  policyVersion: z.number().int().nonnegative(),
});
export type HookAllow = z.infer<typeof HookAllow>;

/** `hook.allowed.<agentId>`: one per hook call the gateway allowed; consumed by safety (durable consumer `safety-hook-allowed`). */
export const hookAllowedEvent = defineEvent({ subject: 'hook.allowed.*', payload: HookAllow, durable: true });
