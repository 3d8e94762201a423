import type { LocalOptions } from './local.ts';

export interface HookEnv {
  format?: string;
  natsUrl: string;
  timeoutMs: number;
  localOnly: boolean;
  /** The fast path already asked the service and got no answer. */
  serviceTried?: boolean;
  agentId?: string;
  projectId?: string;
  local: LocalOptions;
}

const list = (s: string | undefined) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);

/** Hook settings from flags and environment (the caller passes process.env; nothing here reads it). */
export function hookEnv(flags: { format?: string; nats?: string; local?: boolean }, env: Record<string, string | undefined>): HookEnv {
  return {
    format: flags.format, natsUrl: flags.nats ?? env.NATS_URL ?? 'nats://127.0.0.1:4222', timeoutMs: Number(env.FLYWHEEL_GUARD_TIMEOUT_MS ?? 1500),
    localOnly: flags.local === true || env.FLYWHEEL_GUARD_LOCAL === '1', agentId: env.FLYWHEEL_AGENT_ID, projectId: env.FLYWHEEL_PROJECT_ID,
    local: { packs: list(env.DCG_PACKS), customFiles: [], failMode: env.GUARD_FAIL_MODE === 'closed' ? 'closed' : 'open' },
  };
}
