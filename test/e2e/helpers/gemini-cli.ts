import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
/** The pinned Gemini CLI's entry (package bin `gemini` → bundle/gemini.js). */
export const GEMINI_JS = join(dirname(require.resolve('@google/gemini-cli/package.json')), 'bundle', 'gemini.js');

/**
 * A Gemini CLI home for the scripted model: API-key auth (Gemini CLI 0.61.0 takes GOOGLE_GEMINI_BASE_URL for it) plus
 * any further settings (e.g. `general.maxAttempts`).
 */
export function geminiHome(home: string, settings: Record<string, unknown> = {}): string {
  mkdirSync(join(home, '.gemini'), { recursive: true });
  writeFileSync(join(home, '.gemini', 'settings.json'), JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } }, ...settings }));
  return home;
}

/** The POST /agents body fields of a Gemini CLI agent in ACP mode against the scripted model (the key picks the script). */
export function geminiAgent(modelUrl: string, key: string, home: string, model = 'gemini-2.5-pro') {
  return {
    driver: 'acp' as const,
    command: [process.execPath, GEMINI_JS, '--experimental-acp', '--model', model],
    env: { HOME: home, GOOGLE_GEMINI_BASE_URL: modelUrl, GEMINI_API_KEY: key, GEMINI_CLI_TRUST_WORKSPACE: 'true', GEMINI_CLI_NO_RELAUNCH: 'true' },
  };
}
