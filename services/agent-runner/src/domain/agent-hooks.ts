import { AGENT_ENV } from './agent-env.ts';

/**
 * The guard as each agent CLI's own pre-tool hook, for the drivers that cannot ask the guard in-process (codex exec,
 * tmux panes). Pure: the drivers write what this returns.
 */

/** How a hook reaches the safety guard: `flywheel-guard hook` over the runner's NATS. */
export interface GuardHookSpec {
  /** The node binary and the flywheel-guard entry (services/safety/bin/flywheel-guard.js). */
  node: string;
  bin: string;
  natsUrl: string;
  namespace: string;
}

/** Who the hook asks for: the decisions are recorded with this agent, account and project. */
export interface HookIdentity {
  agentId: string;
  accountId?: string;
  projectId?: string;
  /** A worktree agent's worktree: the guard denies the agent's writes outside it (FLYWHEEL_ISOLATION_ROOT). */
  isolationRoot?: string;
}

export type HookProgram = 'claude' | 'codex' | 'gemini';

/** The agent CLI a command starts, by its executable's name. */
export function programOf(command: readonly string[] | undefined | null): HookProgram | undefined {
  const base = (command?.[0] ?? '').split('/').pop();
  return base === 'claude' || base === 'codex' || base === 'gemini' ? base : undefined;
}

const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
const SAFE_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * The command hook's shell line: the agent's identity as variables in front (never a credential), so the decision is
 * recorded for this agent whatever the CLI passes on to its hooks.
 */
export function guardHookCommand(g: GuardHookSpec, who: HookIdentity, format: 'claude' | 'codex'): string {
  const vars: string[] = [`FLYWHEEL_AGENT_ID=${q(who.agentId)}`];
  if (who.accountId && SAFE_ID.test(who.accountId)) vars.push(`FLYWHEEL_ACCOUNT_ID=${q(who.accountId)}`);
  if (who.projectId && SAFE_ID.test(who.projectId)) vars.push(`FLYWHEEL_PROJECT_ID=${q(who.projectId)}`);
  if (who.isolationRoot) vars.push(`FLYWHEEL_ISOLATION_ROOT=${q(who.isolationRoot)}`);
  return `${vars.join(' ')} ${q(g.node)} ${q(g.bin)} hook --format ${format} --nats ${q(g.natsUrl)} --namespace ${q(g.namespace)}`;
}

/**
 * Codex's tools that the guard judges: its shell (reported to hooks as `Bash`) and apply_patch (file writes, for
 * coordination's reservations). Codex matchers are regular expressions.
 */
export const CODEX_HOOK_MATCHER = '^(Bash|apply_patch)$';

/** `$CODEX_HOME/hooks.json` with the guard as the PreToolUse hook (timeout in seconds). */
export function codexHooksJson(hookCommand: string): string {
  const hooks = { PreToolUse: [{ matcher: CODEX_HOOK_MATCHER, hooks: [{ type: 'command', command: hookCommand, timeout: 30 }] }] };
  return `${JSON.stringify({ hooks }, null, 2)}\n`;
}

/** Claude Code's tools the guard judges: shell commands, and file writes (coordination's reservations). */
const CLAUDE_MATCHER = 'Bash|Write|Edit|MultiEdit|NotebookEdit';
const CLAUDE_HOOK_PATH = '/api/v1/hooks/claude-code';

/**
 * Settings for `claude --settings`: the gateway's HTTP hook when the agent has a credential (named by variable, never
 * written: Claude Code fills `$VAR` in headers from its environment), else the command hook. onFailure "block": a
 * gateway that does not answer stops the call.
 */
export function claudeHookSettings(env: Record<string, string>, hookCommand: string): string {
  const gateway = env[AGENT_ENV.gateway];
  const hook =
    gateway && env[AGENT_ENV.token]
      ? {
          type: 'http',
          url: `${gateway.replace(/\/+$/, '')}${CLAUDE_HOOK_PATH}`,
          timeout: 30,
          headers: { Authorization: `Bearer $${AGENT_ENV.token}` },
          allowedEnvVars: [AGENT_ENV.token],
          onFailure: 'block',
        }
      : { type: 'command', command: hookCommand, timeout: 30 };
  return JSON.stringify({ hooks: { PreToolUse: [{ matcher: CLAUDE_MATCHER, hooks: [hook] }] } });
}

/** Whether the runner's driver puts the agent's tool calls through the safety guard, and if not, why. */
export function guardOf(driver: string, command?: readonly string[] | null): { guard: 'guarded' | 'unguarded'; guardNote?: string } {
  if (driver === 'sdk' || driver === 'acp' || driver === 'codex') return { guard: 'guarded' };
  const program = programOf(command);
  if (program === 'claude' && command?.includes('--settings'))
    return { guard: 'unguarded', guardNote: 'Claude Code was started with its own --settings; the runner installs its hook through that flag' };
  if (program === 'claude' || program === 'codex') return { guard: 'guarded' };
  if (program === 'gemini')
    return {
      guard: 'unguarded',
      guardNote: 'Gemini CLI in a tmux pane: the runner installs no BeforeTool hook for it yet (no Gemini CLI is pinned to test one)',
    };
  return {
    guard: 'unguarded',
    guardNote: 'a tmux pane runs whatever program it was given; only Claude Code and Codex started as the pane command get the guard hook',
  };
}
