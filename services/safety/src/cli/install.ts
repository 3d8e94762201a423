import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const MARK = 'flywheel-guard';

interface HookCommand {
  type: string;
  command?: string;
  url?: string;
  timeout?: number;
  name?: string;
  headers?: Record<string, string>;
  allowedEnvVars?: string[];
  onFailure?: string;
}
interface HookGroup {
  matcher?: string;
  hooks: HookCommand[];
}

const bashGroup = (command: string): HookGroup => ({ matcher: 'Bash', hooks: [{ type: 'command', command, timeout: 30 }] });

/**
 * Where and how each agent reads project hooks. Timeouts: Claude Code and Codex in seconds, Gemini CLI in ms.
 * Codex loads a project's .codex/hooks.json only in a trusted project, and only hooks it has trusted.
 */
const TARGETS = {
  claude: { dir: '.claude', file: 'settings.json', event: 'PreToolUse', group: bashGroup },
  codex: { dir: '.codex', file: 'hooks.json', event: 'PreToolUse', group: bashGroup },
  gemini: {
    dir: '.gemini',
    file: 'settings.json',
    event: 'BeforeTool',
    group: (command: string): HookGroup => ({ matcher: 'run_shell_command', hooks: [{ name: MARK, type: 'command', command, timeout: 30_000 }] }),
  },
} as const;

export type InstallTarget = keyof typeof TARGETS;

/** Merges our hook into DIR/.claude/settings.json, DIR/.codex/hooks.json or DIR/.gemini/settings.json; idempotent. */
export function installHook(target: InstallTarget, projectDir: string, command: string): { file: string; changed: boolean } {
  return writeGroup(target, projectDir, TARGETS[target].group(command));
}

/** The gateway route an HTTP hook posts to; also how an installed HTTP hook is recognised as ours. */
export const HTTP_HOOK_PATH = '/api/v1/hooks/claude-code';

/** Tools whose calls the guard judges: shell commands, and file writes (coordination's reservations). */
const HTTP_MATCHER = 'Bash|Write|Edit|MultiEdit|NotebookEdit';

/**
 * Claude Code's `type: "http"` hook on the gateway: no process start per tool call. The credential is named, never
 * written: Claude Code fills `$VAR` in headers from the environment, for the variables listed in allowedEnvVars.
 * onFailure "block": a gateway that cannot be reached or answers an error stops the call instead of letting it through.
 */
export function claudeHttpGroup(gatewayUrl: string, keyEnv: string): HookGroup {
  return {
    matcher: HTTP_MATCHER,
    hooks: [
      {
        type: 'http',
        url: `${gatewayUrl.replace(/\/+$/, '')}${HTTP_HOOK_PATH}`,
        timeout: 30,
        headers: { Authorization: `Bearer $${keyEnv}` },
        allowedEnvVars: [keyEnv],
        onFailure: 'block',
      },
    ],
  };
}

/** Merges the HTTP hook into DIR/.claude/settings.json in place of a command hook of ours (or an older HTTP one). */
export const installClaudeHttpHook = (projectDir: string, gatewayUrl: string, keyEnv = 'FLYWHEEL_AGENT_TOKEN') =>
  writeGroup('claude', projectDir, claudeHttpGroup(gatewayUrl, keyEnv));

const ours = (h: HookCommand) => h.command?.includes(MARK) === true || h.url?.includes(HTTP_HOOK_PATH) === true;

function writeGroup(target: InstallTarget, projectDir: string, group: HookGroup): { file: string; changed: boolean } {
  const t = TARGETS[target];
  const dir = join(resolve(projectDir), t.dir);
  const file = join(dir, t.file);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const settings = (before.trim() ? JSON.parse(before) : {}) as Record<string, unknown>;
  const hooks = (settings.hooks ??= {}) as Record<string, HookGroup[]>;
  const groups = (hooks[t.event] ??= []);
  const at = groups.findIndex((g) => g.hooks?.some(ours));
  if (at >= 0) groups[at] = group;
  else groups.push(group);
  const after = `${JSON.stringify(settings, null, 2)}\n`;
  if (after === before) return { file, changed: false };
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${file}.tmp`, after);
  renameSync(`${file}.tmp`, file);
  return { file, changed: true };
}

export const installClaudeHook = (projectDir: string, command: string) => installHook('claude', projectDir, command);
