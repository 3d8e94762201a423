import type { AgentDriver as DriverName, SpendSubject } from '@flywheel/contracts';
import type { CallContext, Logger } from '@flywheel/kit';
import type { AgentRepo } from '../db/agent-repo.ts';
import type { AgentDriver } from './drivers/driver.ts';
import type { SinkDeps } from './agent-sink.ts';
import type { AgentStateWriter } from './agent-state.ts';
import type { CommandLog } from './command-log.ts';
import type { Sessions } from './agent-sessions.ts';
import type { AgentCredentials } from './credentials.ts';
import type { AgentProfiles } from './profiles.ts';
import type { UsageSettings, UsageSettingsDefaults } from './usage-settings.ts';

/** What the runner does at a usage limit (see usage-limits.ts). */
export interface UsageLimitOptions {
  /** Sent into the same session when the agent goes on after a limit. */
  message: string;
  jitterMs: number;
  /** First backoff after a resume that met the limit again; doubles per try, at most maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  defaults: UsageSettingsDefaults;
}

export interface RuntimeDeps {
  runnerId: string;
  agents: AgentRepo;
  state: AgentStateWriter;
  drivers: Partial<Record<DriverName, AgentDriver>>;
  budget: (s: SpendSubject) => Promise<void>;
  commands: CommandLog;
  sinkDeps: Omit<SinkDeps, 'onExit'>;
  logger: Logger;
  credentials?: AgentCredentials;
  profiles?: AgentProfiles;
  /** Usage limits: the continuation message, jitter, backoff and the defaults of the project settings. */
  usageLimits?: UsageLimitOptions;
  /** Projects' usage-limit settings (fleet-wide KV); without it every project has the defaults. */
  usageSettings?: UsageSettings;
}

/** The runtime's dependencies plus its live sessions: what each command works with. */
export type RuntimeCore = RuntimeDeps & { sessions: Sessions };

/** Who sent a command, for the command history. */
export type Ctx = CallContext & { actor?: string };
