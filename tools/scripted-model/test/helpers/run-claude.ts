import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const CLAUDE_BIN = resolve(import.meta.dirname, '../../../../node_modules/.bin/claude');

export interface ClaudeRun {
  code: number | null;
  events: Array<Record<string, any>>;
  stderr: string;
}

export interface ClaudeRunOptions {
  baseUrl: string;
  apiKey: string;
  prompt: string;
  cwd: string;
  model?: string;
  args?: string[];
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Env that keeps Claude Code offline, pointed at `baseUrl`, with its config in `home`. */
export function claudeEnv(baseUrl: string, apiKey: string, home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    CLAUDE_CONFIG_DIR: join(home, '.claude'),
    ANTHROPIC_BASE_URL: baseUrl,
    ANTHROPIC_API_KEY: apiKey,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    IS_SANDBOX: '1',
  };
}

/** Runs `claude -p --output-format stream-json --verbose` once and collects its events. */
export async function runClaude(opts: ClaudeRunOptions): Promise<ClaudeRun> {
  const home = await mkdtemp(join(tmpdir(), 'sm-claude-home-'));
  try {
    const args = [
      '-p',
      opts.prompt,
      '--output-format',
      'stream-json',
      '--verbose',
      '--dangerously-skip-permissions',
      ...(opts.model ? ['--model', opts.model] : []),
      ...(opts.args ?? []),
    ];
    const child = spawn(CLAUDE_BIN, args, {
      cwd: opts.cwd,
      env: { ...claudeEnv(opts.baseUrl, opts.apiKey, home), ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const events: ClaudeRun['events'] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      if (line.trim().startsWith('{')) events.push(JSON.parse(line));
    }
    const code = await exited;
    clearTimeout(killer);
    return { code, events, stderr };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
