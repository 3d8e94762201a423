import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const MARK = 'flywheel-guard';

interface HookCommand { type: string; command: string; timeout?: number }
interface HookGroup { matcher?: string; hooks: HookCommand[] }

/** Merges our PreToolUse hook into DIR/.claude/settings.json; running it twice changes nothing. */
export function installClaudeHook(projectDir: string, command: string): { file: string; changed: boolean } {
  const dir = join(resolve(projectDir), '.claude');
  const file = join(dir, 'settings.json');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const settings = (before.trim() ? JSON.parse(before) : {}) as Record<string, unknown>;
  const hooks = (settings.hooks ??= {}) as Record<string, HookGroup[]>;
  const groups = (hooks.PreToolUse ??= []);
  const ours: HookGroup = { matcher: 'Bash', hooks: [{ type: 'command', command, timeout: 30 }] };
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
