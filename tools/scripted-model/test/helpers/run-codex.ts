import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { tempDir } from './temp-dir.ts';

export const CODEX_BIN = resolve(import.meta.dirname, '../../../../node_modules/.bin/codex');

/** A CODEX_HOME config that sends every request to the scripted model's Responses endpoint. */
export function codexConfig(baseUrl: string, model: string): string {
  return [
    `model = "${model}"`,
    'model_provider = "scripted"',
    '',
    '[model_providers.scripted]',
    'name = "Scripted model"',
    `base_url = "${baseUrl}/v1"`,
    'wire_api = "responses"',
    'env_key = "SCRIPTED_API_KEY"',
    '',
  ].join('\n');
}

/** Runs `codex exec --json` once in `cwd` with a throwaway CODEX_HOME and collects its events. */
export async function runCodex(baseUrl: string, apiKey: string, prompt: string, cwd: string) {
  const home = await tempDir('sm-codex-home-');
  try {
    await writeFile(join(home.path, 'config.toml'), codexConfig(baseUrl, 'gpt-5.5'));
    const args = ['exec', '--json', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', prompt];
    const child = spawn(CODEX_BIN, args, {
      cwd,
      env: { PATH: process.env.PATH, HOME: home.path, CODEX_HOME: home.path, SCRIPTED_API_KEY: apiKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const events: Array<Record<string, any>> = [];
    for await (const line of createInterface({ input: child.stdout })) {
      if (line.trim().startsWith('{')) events.push(JSON.parse(line));
    }
    const code = await exited;
    clearTimeout(killer);
    return { code, events, stderr };
  } finally {
    await home.remove();
  }
}
