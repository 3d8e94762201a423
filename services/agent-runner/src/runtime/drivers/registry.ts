import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentDriver as DriverName } from '@flywheel/contracts';
import type { Logger } from '@flywheel/kit';
import type { AgentRunnerConfig } from '../../config.ts';
import type { AgentDriver } from './driver.ts';
import { createTmuxDriver } from './tmux-driver.ts';
import { createSdkDriver } from './sdk-driver.ts';
import { createAcpDriver } from './acp-driver.ts';
import { createCodexDriver } from './codex-driver.ts';
import type { GuardHookOptions } from './hook-install.ts';

/** The drivers this runner offers, each configured from the runner's settings. */
export function createDrivers(config: AgentRunnerConfig, logger: Logger): Partial<Record<DriverName, AgentDriver>> {
  const baseEnv = inheritedEnv(config);
  const guardHook = guardHookOptions(config);
  return {
    codex: createCodexDriver({ logger: logger.child({ mod: 'codex' }), baseEnv, codexPath: config.CODEX_PATH, sandbox: config.CODEX_SANDBOX, guardHook }),
    acp: createAcpDriver({ logger: logger.child({ mod: 'acp' }), baseEnv, geminiPolicyDir: resolve(config.DATA_DIR, 'gemini-policy') }),
    sdk: createSdkDriver({ logger: logger.child({ mod: 'sdk' }), baseEnv, claudePath: config.CLAUDE_CODE_PATH }),
    tmux: createTmuxDriver({ socket: config.TMUX_SOCKET, pollMs: config.TMUX_POLL_MS, logger: logger.child({ mod: 'tmux' }), guardHook }),
  };
}

/** The guard hook the codex and tmux drivers install: flywheel-guard over this runner's NATS, agent homes in DATA_DIR. */
function guardHookOptions(config: AgentRunnerConfig): GuardHookOptions {
  return {
    node: process.execPath,
    bin: config.GUARD_HOOK_BIN ? resolve(config.GUARD_HOOK_BIN) : fileURLToPath(new URL('../../../../safety/bin/flywheel-guard.js', import.meta.url)),
    natsUrl: config.NATS_URL.split(',')[0]!.trim(),
    namespace: config.FLYWHEEL_NAMESPACE,
    homesDir: resolve(config.DATA_DIR, 'agent-homes'),
  };
}

/** The runner's own variables named in AGENT_ENV_INHERIT (config is the parsed env, kept loose for this). */
function inheritedEnv(config: AgentRunnerConfig): Record<string, string> {
  const all = config as unknown as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const k of config.AGENT_ENV_INHERIT.split(',')
    .map((s) => s.trim())
    .filter(Boolean))
    if (typeof all[k] === 'string') out[k] = all[k] as string;
  return out;
}
