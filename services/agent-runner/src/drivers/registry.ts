import type { AgentDriver as DriverName } from '@flywheel/contracts';
import type { Logger } from '@flywheel/kit';
import type { AgentRunnerConfig } from '../config.ts';
import type { AgentDriver } from './driver.ts';
import { createTmuxDriver } from './tmux-driver.ts';

/** The drivers this runner offers, each configured from the runner's settings. */
export function createDrivers(config: AgentRunnerConfig, logger: Logger): Partial<Record<DriverName, AgentDriver>> {
  return {
    tmux: createTmuxDriver({ socket: config.TMUX_SOCKET, pollMs: config.TMUX_POLL_MS, logger: logger.child({ mod: 'tmux' }) }),
  };
}
