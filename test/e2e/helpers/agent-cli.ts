import { realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '../../../node_modules/.bin');
export const CLAUDE_BIN = join(BIN, 'claude');
export const CODEX_BIN = join(BIN, 'codex');
/** The safety package's hook CLI (bin/flywheel-guard.js), run with node. */
export const GUARD_BIN = realpathSync(join(BIN, 'flywheel-guard'));
export const MODEL = 'claude-sonnet-4-5-20250929';

/** Env that keeps Claude Code offline and pointed at the scripted model; the API key picks the script. */
export function claudeEnv(baseUrl: string, scriptKey: string, home: string): Record<string, string> {
  return {
    HOME: home,
    CLAUDE_CONFIG_DIR: join(home, '.claude'),
    ANTHROPIC_BASE_URL: baseUrl,
    ANTHROPIC_API_KEY: scriptKey,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    CLAUDE_CODE_DISABLE_LEGACY_MODEL_REMAP: '1',
    IS_SANDBOX: '1',
  };
}

/** claudeEnv with PATH: the whole env of a Claude Code the test runs itself (not through a runner, which adds its own). */
export const claudeProcessEnv = (baseUrl: string, scriptKey: string, home: string): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  ...claudeEnv(baseUrl, scriptKey, home),
});

/** The agent-runner's env for the codex driver: the pinned codex CLI, writing only inside its workspace. */
export const CODEX_RUNNER_ENV: Record<string, string> = { CODEX_PATH: CODEX_BIN, CODEX_SANDBOX: 'workspace-write' };

/**
 * The text of a user's CODEX_HOME/config.toml that makes the scripted model's Responses endpoint the model provider
 * (its key read from SCRIPTED_API_KEY); `extra` lines (e.g. `stream_max_retries = 1`) go at the end.
 */
export function codexConfig(baseUrl: string, opts: { model?: string; extra?: string[] } = {}): string {
  return [
    `model = "${opts.model ?? 'gpt-5.5'}"`,
    'model_provider = "scripted"',
    '[model_providers.scripted]',
    'name = "Scripted"',
    `base_url = "${baseUrl}/v1"`,
    'wire_api = "responses"',
    'env_key = "SCRIPTED_API_KEY"',
    ...(opts.extra ?? []),
    '',
  ].join('\n');
}

/** Writes codexConfig into `home` (a fresh folder); returns the env of a codex agent using it with `scriptKey`'s script. */
export function codexHome(home: string, baseUrl: string, scriptKey: string, opts: { model?: string; extra?: string[] } = {}): Record<string, string> {
  writeFileSync(join(home, 'config.toml'), codexConfig(baseUrl, opts));
  return codexEnv(home, scriptKey);
}

/** The env of a codex agent whose CODEX_HOME (and HOME) is `home`; the API key picks the script. */
export const codexEnv = (home: string, scriptKey: string): Record<string, string> => ({ CODEX_HOME: home, HOME: home, SCRIPTED_API_KEY: scriptKey });

/** Runs a process to completion; resolves with its exit code and output. */
export { runProcess as run } from '@flywheel/kit/testing';
