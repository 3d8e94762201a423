import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { claudeHookSettings, codexHooksJson, guardHookCommand, programOf, type GuardHookSpec, type HookIdentity } from '../../domain/agent-hooks.ts';

/** What a driver needs to put the guard in front of a CLI's tools: the hook command and where per-agent homes go. */
export interface GuardHookOptions extends GuardHookSpec {
  /** Per-agent CLI homes (CODEX_HOME) live in DIR/<agentId>/. */
  homesDir: string;
}

/** The Codex home the user's agent would have used: the spawn's CODEX_HOME, else $HOME/.codex. */
export function sourceCodexHome(env: Record<string, string>): string | undefined {
  if (env.CODEX_HOME) return env.CODEX_HOME;
  return env.HOME ? join(env.HOME, '.codex') : undefined;
}

/** Read, not changed: the user's settings and login. auth.json is linked so a token refresh reaches the user's file. */
const COPIED = ['config.toml'];
const LINKED = ['auth.json', 'AGENTS.md'];

/**
 * The agent's own CODEX_HOME: the user's config.toml copied (model, providers, project trust), auth.json and AGENTS.md
 * linked, and hooks.json holding the guard as the PreToolUse hook. The user's home is never written; the user's own
 * hooks.json is not carried over. Codex keeps the agent's sessions here too (`exec resume` finds them).
 */
export async function prepareCodexHome(g: GuardHookOptions, who: HookIdentity, source: string | undefined): Promise<string> {
  assertGuardBin(g);
  const home = join(g.homesDir, who.agentId, 'codex');
  await rm(home, { recursive: true, force: true });
  await mkdir(home, { recursive: true, mode: 0o700 });
  for (const f of COPIED) if (source && existsSync(join(source, f))) await copyFile(join(source, f), join(home, f));
  for (const f of LINKED) if (source && existsSync(join(source, f))) await symlink(join(source, f), join(home, f));
  await writeFile(join(home, 'hooks.json'), codexHooksJson(guardHookCommand(g, who, 'codex')), { mode: 0o600 });
  return home;
}

/** A hook that cannot run would leave the agent unguarded while it shows guarded: refuse to start it instead. */
function assertGuardBin(g: GuardHookOptions): void {
  if (!existsSync(g.bin)) throw new Error(`cannot install the guard hook: flywheel-guard is not at ${g.bin} (GUARD_HOOK_BIN)`);
}

/**
 * A tmux pane's command and env with the guard installed for the CLI it starts; other programs unchanged (they show
 * unguarded, see guardOf). Claude Code: `--settings` with the hook (nothing written anywhere, so nothing of the user's
 * to restore). Codex: its own CODEX_HOME, as the codex driver does.
 */
export async function guardPane(
  g: GuardHookOptions,
  who: HookIdentity,
  command: readonly string[],
  env: Record<string, string>,
): Promise<{ command: string[]; env: Record<string, string> }> {
  const program = programOf(command);
  if (program === 'claude' && !command.includes('--settings')) {
    assertGuardBin(g);
    return { command: [...command, '--settings', claudeHookSettings(env, guardHookCommand(g, who, 'claude'))], env };
  }
  if (program === 'codex') {
    const home = await prepareCodexHome(g, who, sourceCodexHome(env));
    return { command: [command[0]!, CODEX_HOOK_TRUST_FLAG, ...command.slice(1)], env: { ...env, CODEX_HOME: home } };
  }
  return { command: [...command], env };
}

/** Removes an agent's homes once it has ended. */
export async function removeAgentHomes(g: GuardHookOptions, agentId: string): Promise<void> {
  await rm(join(g.homesDir, agentId), { recursive: true, force: true });
}

/**
 * Runs hooks this runner wrote without Codex's per-hash trust review (that review is an interactive /hooks screen);
 * Codex documents the flag for automation that vets its hook sources, which the runner does: it wrote them.
 */
export const CODEX_HOOK_TRUST_FLAG = '--dangerously-bypass-hook-trust';
