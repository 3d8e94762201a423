import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const CLAUDE_BIN = join(import.meta.dirname, '../../../../node_modules/.bin/claude');
export const GUARD_BIN = join(import.meta.dirname, '../../bin/flywheel-guard.js');
export const MODEL = 'claude-sonnet-4-5-20250929';

/** Env that keeps Claude Code offline, on the scripted model; the API key picks the script. */
export function claudeEnv(baseUrl: string, key: string, home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, CLAUDE_CONFIG_DIR: join(home, '.claude'), ANTHROPIC_BASE_URL: baseUrl, ANTHROPIC_API_KEY: key,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', CLAUDE_CODE_DISABLE_LEGACY_MODEL_REMAP: '1', IS_SANDBOX: '1',
  };
}

/** Runs a process to completion; resolves with its exit code and output. */
export function run(cmd: string, args: string[], opts: { cwd: string; env: Record<string, string>; input?: string; timeoutMs?: number }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}
