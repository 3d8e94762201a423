// Spawn-to-ready latency of the sdk driver: spawn RPC → `ready` on agent.state.<id>, real Claude Code
// against the scripted model. Baseline: the bare Agent SDK, query() → initializationResult(), same env.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { query } from '@anthropic-ai/claude-agent-sdk';
import { AgentEvent, agentRpcs } from '@flywheel/contracts';
import { connectNats, decode, request, startService, wireSubject } from '@flywheel/kit';
import { startNats, testLogger } from '@flywheel/kit/testing';
import { startScriptedModel } from '@flywheel/scripted-model';
import { AgentRunnerDefinition } from '../src/service.ts';
import { createInputQueue } from '../src/runtime/drivers/input-queue.ts';
import { latencies, now, reportLatency } from '../../../bench/lib.ts';

const N = Number(process.env.AGENT_BENCH_SPAWNS ?? 6);
const logger = testLogger();
const dir = mkdtempSync(join(tmpdir(), 'fw-spawn-bench-'));
const nats = await startNats();
const model = await startScriptedModel();
const nc = await connectNats({ url: nats.url, name: 'bench', logger });
const runner = await startService(AgentRunnerDefinition, {
  NATS_URL: nats.url,
  DATA_DIR: join(dir, 'data'),
  LOG_LEVEL: 'silent',
  RUNNER_ID: 'bench',
  PATH: process.env.PATH,
  HOME: process.env.HOME,
});
const env = (i: number) => {
  const home = join(dir, `home-${i}`);
  return {
    HOME: home,
    CLAUDE_CONFIG_DIR: join(home, '.claude'),
    ANTHROPIC_BASE_URL: model.url,
    ANTHROPIC_API_KEY: 'bench',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    IS_SANDBOX: '1',
  };
};

/** Spawn → ready, timed; the terminate after it is not. */
async function viaRunner(i: number): Promise<number> {
  const t0 = now();
  const ready = new Promise<string>((resolve) => {
    const sub = nc.subscribe(wireSubject(nc, 'agent.state.*'));
    void (async () => {
      for await (const m of sub) {
        const e = AgentEvent.parse(decode(m.data));
        if (e.type === 'state' && e.to === 'ready') {
          sub.unsubscribe();
          resolve(e.agentId);
        }
      }
    })();
  });
  await request(nc, agentRpcs.spawn, { driver: 'sdk', workingDirectory: dir, env: env(i) }, { timeoutMs: 30_000 });
  const id = await ready;
  const ms = now() - t0;
  await request(nc, agentRpcs.terminate, { agentId: id }, { timeoutMs: 30_000 });
  return ms;
}

async function bareSdk(i: number): Promise<void> {
  // Same input shape as the driver: an open stream the session waits on.
  const input = createInputQueue<never>();
  const q = query({ prompt: input.iterable, options: { cwd: dir, env: { PATH: process.env.PATH, ...env(100 + i) } } });
  await q.initializationResult();
  input.end();
  q.close();
}

await bareSdk(999);
const baseline = await latencies(N, bareSdk);
const subject: number[] = [];
for (let i = 0; i < N; i++) subject.push(await viaRunner(i));
reportLatency(
  `sdk spawn → ready through the runner (${N} spawns)`,
  subject.sort((a, b) => a - b),
  baseline,
  '≤ 1.5× bare SDK',
);
await runner.stop();
await nc.drain();
await model.close();
await nats.stop();
rmSync(dir, { recursive: true, force: true });
