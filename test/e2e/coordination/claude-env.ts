import { join } from 'node:path';

export const MODEL = 'claude-sonnet-4-5-20250929';
export const CLAUDE_BIN = join(import.meta.dirname, '../../../node_modules/.bin/claude');

/** Env that keeps Claude Code offline, on the scripted model; the API key picks the script. */
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
