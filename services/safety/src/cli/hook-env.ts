import { DEFAULT_NAMESPACE } from '@flywheel/contracts/namespace';
import type { LocalOptions } from './local.ts';

export interface HookEnv {
  format?: string;
  natsUrl: string;
  /** The deployment's namespace (FLYWHEEL_NAMESPACE): the guard subject is `<ns>.svc.safety.guard`. */
  namespace: string;
  timeoutMs: number;
  localOnly: boolean;
  /** The fast path already asked the service and got no answer. */
  serviceTried?: boolean;
  agentId?: string;
  /** FLYWHEEL_ACCOUNT_ID: whose decisions these are; without it only admins see them. */
  accountId?: string;
  projectId?: string;
  /** FLYWHEEL_ISOLATION_ROOT: a worktree agent's worktree; the guard denies writes outside it. */
  isolationRoot?: string;
  local: LocalOptions;
}

export interface HookFlags {
  format?: string;
  nats?: string;
  namespace?: string;
  local?: boolean;
}

const list = (s: string | undefined) =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Hook settings from flags and environment (the caller passes process.env; nothing here reads it). */
export function hookEnv(flags: HookFlags, env: Record<string, string | undefined>): HookEnv {
  return {
    format: flags.format,
    natsUrl: flags.nats ?? env.NATS_URL ?? 'nats://127.0.0.1:4222',
    timeoutMs: Number(env.FLYWHEEL_GUARD_TIMEOUT_MS ?? 1500),
    namespace: flags.namespace || env.FLYWHEEL_NAMESPACE || DEFAULT_NAMESPACE,
    localOnly: flags.local === true || env.FLYWHEEL_GUARD_LOCAL === '1',
    agentId: env.FLYWHEEL_AGENT_ID,
    accountId: env.FLYWHEEL_ACCOUNT_ID || undefined,
    projectId: env.FLYWHEEL_PROJECT_ID,
    isolationRoot: env.FLYWHEEL_ISOLATION_ROOT || undefined,
    local: { packs: list(env.DCG_PACKS), customFiles: [], failMode: env.GUARD_FAIL_MODE === 'closed' ? 'closed' : 'open' },
  };
}
