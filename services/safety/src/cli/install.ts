import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const MARK = 'flywheel-guard';

interface HookCommand { type: string; command: string; timeout?: number; name?: string }
interface HookGroup { matcher?: string; hooks: HookCommand[] }

const bashGroup = (command: string): HookGroup => ({ matcher: 'Bash', hooks: [{ type: 'command', command, timeout: 30 }] });

/**
 * Where and how each agent reads project hooks. Timeouts: Claude Code and Codex in seconds, Gemini CLI in ms.
 * Codex loads a project's .codex/hooks.json only in a trusted project, and only hooks it has trusted.
 */
const TARGETS = {
  claude: { dir: '.claude', file: 'settings.json', event: 'PreToolUse', group: bashGroup },
  codex: { dir: '.codex', file: 'hooks.json', event: 'PreToolUse', group: bashGroup },
  gemini: { dir: '.gemini', file: 'settings.json', event: 'BeforeTool', group: (command: string): HookGroup => ({ matcher: 'run_shell_command', hooks: [{ name: MARK, type: 'command', command, timeout: 30_000 }] }) },
} as const;

export type InstallTarget = keyof typeof TARGETS;

/** Merges our hook into DIR/.claude/settings.json, DIR/.codex/hooks.json or DIR/.gemini/settings.json; idempotent. */
export function installHook(target: InstallTarget, projectDir: string, command: string): { file: string; changed: boolean } {
  const t = TARGETS[target];
  const dir = join(resolve(projectDir), t.dir);
  const file = join(dir, t.file);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const settings = (before.trim() ? JSON.parse(before) : {}) as Record<string, unknown>;
  const hooks = (settings.hooks ??= {}) as Record<string, HookGroup[]>;
  const groups = (hooks[t.event] ??= []);
  const ours = t.group(command);
  const at = groups.findIndex((g) => g.hooks?.some((h) => h.command?.includes(MARK)));
  if (at >= 0) groups[at] = ours;
  else groups.push(ours);
  const after = `${JSON.stringify(settings, null, 2)}\n`;
  if (after === before) return { file, changed: false };
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${file}.tmp`, after);
  renameSync(`${file}.tmp`, file);
  return { file, changed: true };
}

export const installClaudeHook = (projectDir: string, command: string) => installHook('claude', projectDir, command);
