import type { AgentDriver as DriverName } from '@flywheel/contracts';
import type { Logger } from '@flywheel/kit';
import type { AgentRunnerConfig } from '../../config.ts';
import type { AgentDriver } from './driver.ts';
import { createTmuxDriver } from './tmux-driver.ts';
import { createSdkDriver } from './sdk-driver.ts';
import { createAcpDriver } from './acp-driver.ts';
import { createCodexDriver } from './codex-driver.ts';

/** The drivers this runner offers, each configured from the runner's settings. */
export function createDrivers(config: AgentRunnerConfig, logger: Logger): Partial<Record<DriverName, AgentDriver>> {
  const baseEnv = inheritedEnv(config);
  return {
    codex: createCodexDriver({ logger: logger.child({ mod: 'codex' }), baseEnv, codexPath: config.CODEX_PATH, sandbox: config.CODEX_SANDBOX }),
    acp: createAcpDriver({ logger: logger.child({ mod: 'acp' }), baseEnv }),
    sdk: createSdkDriver({ logger: logger.child({ mod: 'sdk' }), baseEnv, claudePath: config.CLAUDE_CODE_PATH }),
    tmux: createTmuxDriver({ socket: config.TMUX_SOCKET, pollMs: config.TMUX_POLL_MS, logger: logger.child({ mod: 'tmux' }) }),
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
