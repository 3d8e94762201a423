// Events/s from one agent's stream to NATS: recorded Claude Code messages mapped to AgentEvents, stamped
// with a seq, stored in the runner's SQLite and published durably on agent.<family>.<id>, until every
// event is acked. Baseline: a bare JetStream publish loop (await each ack) of the same events on one subject.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { ALL_STREAMS, newId } from '@flywheel/contracts';
import { connectNats, DurablePublisher, encode, ensureStreams, openDb, wireSubject } from '@flywheel/kit';
import { startNats, testLogger } from '@flywheel/kit/testing';
import * as schema from '../src/db/schema.ts';
import { createAgentRepo } from '../src/db/agent-repo.ts';
import { createEventRepo } from '../src/db/event-repo.ts';
import { createEventLog } from '../src/runtime/event-log.ts';
import { ClaudeMessage, mapClaudeMessage, type ToolTracker } from '../src/domain/claude-map.ts';
import { now, reportRate, type Rate } from '../../../bench/lib.ts';

const N = Number(process.env.AGENT_BENCH_EVENTS ?? 20_000);
const logger = testLogger();
const nats = await startNats();
const nc = await connectNats({ url: nats.url, name: 'bench', logger });
await ensureStreams(nc, ALL_STREAMS, logger);
const dir = mkdtempSync(join(tmpdir(), 'fw-agent-bench-'));
const fixture = readFileSync('/work/shared/fixtures/claude-code-2.1.197-stream-json.jsonl', 'utf8')
  .trim()
  .split('\n')
  .map((l) => ClaudeMessage.parse(JSON.parse(l)));

async function pipeline(): Promise<Rate> {
  const db = openDb(join(dir, 'agent-runner.db'), { schema, migrationsFolder: new URL('../drizzle', import.meta.url).pathname });
  const agents = createAgentRepo(db);
  const durable = new DurablePublisher(nc, { logger });
  let acked = 0;
  const log = createEventLog({ agents, events: createEventRepo(db), durable, logger, onPublished: () => acked++ });
  const id = newId('agt');
  const t = new Date().toISOString();
  agents.insert({ id, name: id, driver: 'sdk', state: 'executing', activity: 'working', workingDirectory: '/tmp', env: {}, createdAt: t, updatedAt: t });
  const tools: ToolTracker = new Map();
  let sent = 0;
  const t0 = now();
  while (sent < N) {
    for (const m of fixture) {
      for (const d of mapClaudeMessage(m, tools)) {
        if (sent++ < N) log.append(id, d);
      }
    }
  }
  const syncMs = now() - t0;
  while (acked < N) await new Promise((r) => setImmediate(r));
  process.stdout.write(`append() per event on the driver path (map, seq, zod; storage batched per tick): ${((syncMs * 1000) / N).toFixed(1)} µs\n`);
  const ms = now() - t0;
  await durable.close();
  db.$client.close();
  return { ops: N, ms, perSec: (N / ms) * 1000 };
}

async function bare(): Promise<Rate> {
  const js = jetstream(nc);
  const data = encode({ agentId: 'agt_bare', seq: 1, ts: new Date().toISOString(), type: 'output', stream: 'assistant', text: 'Done.' });
  const t0 = now();
  for (let i = 0; i < N; i++) await js.publish(wireSubject(nc, 'agent.output.agt_bare'), data, { msgID: `bare:${i}` });
  const ms = now() - t0;
  return { ops: N, ms, perSec: (N / ms) * 1000 };
}

const baseline = await bare();
reportRate(`agent events → NATS (map + seq + SQLite + durable publish, ${N} events)`, await pipeline(), baseline, '≥ 0.5× baseline');
await nc.drain();
await nats.stop();
rmSync(dir, { recursive: true, force: true });
