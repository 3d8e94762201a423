import { realpathSync } from 'node:fs';
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

/** Runs a process to completion; resolves with its exit code and output. */
export { runProcess as run } from '@flywheel/kit/testing';
