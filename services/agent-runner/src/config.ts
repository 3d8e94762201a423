import { z } from 'zod';
import { BaseConfig } from '@flywheel/kit';

const ms = (def: number, what: string) => z.coerce.number().int().min(1).default(def).describe(what);

/** agent-runner settings; every key documented in docs/agents.md. */
export const AgentRunnerConfig = BaseConfig.extend({
  RUNNER_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional()
    .describe('Stable runner id (one per host); defaults to the instance id'),
  HOST_LABEL: z.string().max(200).optional().describe('Host label shown in /fleet; defaults to the hostname'),
  HEARTBEAT_MS: ms(5000, 'Runner heartbeat interval; a runner is lost after 3 missed heartbeats'),
  GUARD_FAIL_MODE: z.enum(['closed', 'open']).default('closed').describe('When the safety guard does not answer: deny (closed) or allow (open)'),
  GUARD_TIMEOUT_MS: ms(120_000, 'How long a tool call waits for the guard (covers a human approval)'),
  BUDGET_FAIL_MODE: z
    .enum(['open', 'closed'])
    .default('open')
    .describe('When the cost service does not answer a budget check: allow (open) or refuse (closed)'),
  BUDGET_TIMEOUT_MS: ms(1000, 'Budget check timeout'),
  STALL_MS: ms(300_000, 'An executing agent silent this long is marked stalled'),
  REAPER_MS: ms(2000, 'How often agent pids are checked'),
  CHECKPOINT_EVERY_MESSAGES: z.coerce.number().int().min(0).default(10).describe('Automatic checkpoint every N model messages (0 = off)'),
  CHECKPOINT_EVERY_MS: z.coerce.number().int().min(0).default(600_000).describe('Automatic checkpoint every N ms while executing (0 = off)'),
  CLAUDE_CODE_PATH: z.string().optional().describe('Claude Code executable for the sdk driver; defaults to the SDK-bundled binary'),
  CODEX_PATH: z.string().default('codex').describe('codex executable for the codex driver'),
  CODEX_SANDBOX: z
    .enum(['read-only', 'workspace-write', 'danger-full-access', 'bypass'])
    .default('workspace-write')
    .describe('codex exec sandbox (the guard hook judges each call; the sandbox bounds what it allows)'),
  USAGE_RESUME_MESSAGE: z
    .string()
    .min(1)
    .max(2000)
    .default('Continue where you left off.')
    .describe('Sent to an agent whose CLI gave up at a usage limit, once the limit has reset'),
  USAGE_RESUME_JITTER_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(5000)
    .describe('Up to this much random delay after a usage limit resets before the agent is resumed'),
  GUARD_HOOK_BIN: z
    .string()
    .optional()
    .describe(
      "flywheel-guard, run with node as the pre-tool hook of codex agents and of Claude Code or Codex in tmux panes; defaults to this checkout's services/safety/bin/flywheel-guard.js",
    ),
  USAGE_RESUME_BACKOFF_MS: ms(2000, 'First backoff after a resume that met the usage limit again; doubles per try, at most 5 min'),
  USAGE_AUTO_RESUME: z
    .enum(['on', 'off'])
    .default('on')
    .describe('Whether agents resume by themselves when a usage limit resets, for projects without their own setting'),
  USAGE_ROTATE_PROFILES: z
    .enum(['on', 'off'])
    .default('on')
    .describe(
      "At a usage limit, move an agent running on a BYOA profile to the account's next profile instead of waiting (projects without their own setting)",
    ),
  TMUX_SOCKET: z.string().default('flywheel').describe('tmux -L socket name for tmux agents'),
  TMUX_POLL_MS: ms(200, 'How often tmux panes are captured for output'),
  AGENT_ENV_INHERIT: z
    .string()
    .default('PATH,HOME,USER,LANG,LC_ALL,TERM,SHELL,TMPDIR,TZ')
    .describe("Runner variables agent processes inherit (comma-separated); a spawn's env is laid over them"),
  // Loose: the variables named in AGENT_ENV_INHERIT are read from the same env.
}).loose();
export type AgentRunnerConfig = z.infer<typeof AgentRunnerConfig>;
