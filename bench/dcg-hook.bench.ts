// flywheel-guard hook round trip as a whole process (what Claude Code pays per Bash call): stdin JSON in,
// decision out, process gone. Compared with dcg's published 3 ms (`ls`) and 17 ms (`git reset --hard`)
// and with a bare `node -e ''` spawn measured in the same run (a Node process cannot start faster).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from '@flywheel/kit';
import { startNats } from '@flywheel/kit/testing';
import { SafetyDefinition } from '@flywheel/safety';
import { now, percentile } from './lib.ts';

const BIN = join(import.meta.dirname, '../services/safety/bin/flywheel-guard.js');
const N = Number(process.env.BENCH_N ?? 30);
const DCG = { ls: 3, 'git reset --hard': 17 } as const;

function once(args: string[], input: string, env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('close', () => resolve(now() - t0));
    child.stdin.end(input);
  });
}

async function sample(args: string[], input: string, env: Record<string, string>): Promise<number[]> {
  await once(args, input, env);
  const out: number[] = [];
  for (let i = 0; i < N; i++) out.push(await once(args, input, env));
  return out.sort((a, b) => a - b);
}

const hookInput = (command: string) => JSON.stringify({ session_id: 'bench', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });
const f = (v: number) => v.toFixed(1);

const nats = await startNats();
const dir = mkdtempSync(join(tmpdir(), 'fw-bench-dcg-'));
const safety = await startService(SafetyDefinition, { NATS_URL: nats.url, DATA_DIR: dir, LOG_LEVEL: 'silent' });
const baseline = await sample(['-e', ''], '', {});
process.stdout.write(`baseline node -e '': p50 ${f(percentile(baseline, 50))} ms, p99 ${f(percentile(baseline, 99))} ms (n=${N})\n`);
for (const [mode, env] of [
  ['service', { NATS_URL: nats.url }],
  ['local', { FLYWHEEL_GUARD_LOCAL: '1' }],
] as const) {
  for (const command of Object.keys(DCG) as (keyof typeof DCG)[]) {
    const t = await sample([BIN, 'hook'], hookInput(command), env);
    const p50 = percentile(t, 50);
    process.stdout.write(
      `hook ${mode} ${JSON.stringify(command)}: p50 ${f(p50)} ms, p99 ${f(percentile(t, 99))} ms = ${(p50 / DCG[command]).toFixed(1)}× dcg's ${DCG[command]} ms, ` +
        `${(p50 / percentile(baseline, 50)).toFixed(2)}× bare node spawn (+${f(p50 - percentile(baseline, 50))} ms)  [target ≤ 2× dcg]\n`,
    );
  }
}
await safety.stop();
await nats.stop();
rmSync(dir, { recursive: true, force: true });
