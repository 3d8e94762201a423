import { createHash } from 'node:crypto';
import { BUILTIN_PACKS } from './packs/registry.ts';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

let builtin: string | undefined;

/**
 * A hash of this build's built-in packs (their rules' patterns, actions and code), so two processes can tell
 * whether they judge commands by the same rules: the gateway's hook fast path builds engines from its own copy.
 */
export function builtinRulesHash(): string {
  return (builtin ??= sha(
    JSON.stringify(BUILTIN_PACKS, (_k, v: unknown) => (v instanceof RegExp ? `/${v.source}/${v.flags}` : typeof v === 'function' ? String(v) : v)),
  ));
}

/** What besides the stored policy decides the guard's engines: the built-in rules and the service's engine settings. */
export function policySignature(s: { rulesHash: string; failMode: string; defaultPacks: readonly string[]; tmpdir?: string }): string {
  return sha(JSON.stringify([s.rulesHash, s.failMode, s.defaultPacks, s.tmpdir ?? null]));
}
