// Cost ingest end to end: usage records in FW_USAGE → durable consumer → priced → SQLite (record + hourly
// rollup + budget accounting, one transaction per record), exact totals checked.
// Baseline, same run: a bare better-sqlite3 loop inserting the same rows with one prepared autocommit INSERT each.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { jetstream } from '@nats-io/jetstream';
import { ALL_STREAMS, costRpcs, type UsageRecord } from '@flywheel/contracts';
import { connectNats, ensureStreams, request, startService, wireSubject } from '@flywheel/kit';
import { startNats, testLogger } from '@flywheel/kit/testing';
import { CostDefinition } from '../src/service.ts';
import { loadDefaultRateCard, priceRecord } from '../src/domain/index.ts';
import { now, rate, reportRate, type Rate } from '../../../bench/lib.ts';

const N = Number(process.env.COST_BENCH_RECORDS ?? 50_000);
const MODELS = ['claude-haiku-4-5', 'claude-sonnet-4-5-20250929', 'claude-opus-4-8[1m]', 'gpt-5-codex', 'gemini-2.5-pro'];
const logger = testLogger();
const nats = await startNats();
const nc = await connectNats({ url: nats.url, name: 'bench', logger });
const dir = mkdtempSync(join(tmpdir(), 'fw-bench-cost-'));

const record = (i: number, tag: string): UsageRecord => ({
  messageId: `${tag}-${i}`,
  agentId: `agent-${i % 100}`,
  accountId: `acct-${i % 5}`,
  projectId: `proj-${i % 20}`,
  model: MODELS[i % MODELS.length]!,
  usage: { inputTokens: 100 + (i % 977), outputTokens: 7 * (i % 131), cacheReadInputTokens: i % 5000, cacheCreationInputTokens: i % 333 },
  ts: new Date(Date.now() - (i % 86_400) * 1000).toISOString(),
});

/** Publishes `n` records (bare JetStream publish, 64 in flight); returns the publish rate and the expected total. */
async function publishAll(tag: string): Promise<{ published: Rate; expected: number }> {
  const js = jetstream(nc);
  const card = loadDefaultRateCard();
  let expected = 0;
  const published = await rate(N, 64, async (i) => {
    const r = record(i, tag);
    expected += priceRecord(card, r).costMicros;
    await js.publish(wireSubject(nc, `usage.${r.agentId}`), JSON.stringify(r), { msgID: r.messageId });
  });
  return { published, expected };
}

/** Polls the summary until every record is stored; checks the exact totals. */
async function untilStored(expected: number): Promise<void> {
  let total = { records: 0, costMicros: 0 };
  while (total.records < N) {
    await new Promise((r) => setTimeout(r, 10));
    total = (await request(nc, costRpcs.summary, { groupBy: 'model' })).total;
  }
  if (total.records !== N || total.costMicros !== expected) throw new Error(`totals wrong: ${JSON.stringify(total)} vs ${N} / ${expected}`);
}

/** Records already in the stream, then the service boots and drains them (boot included). */
async function serviceDrain(tag: string): Promise<Rate> {
  const { expected } = await publishAll(tag);
  const t0 = now();
  const svc = await startService(CostDefinition, { NATS_URL: nats.url, DATA_DIR: join(dir, tag), LOG_LEVEL: 'silent' });
  await untilStored(expected);
  const ms = now() - t0;
  await svc.stop();
  return { ops: N, ms, perSec: (N / ms) * 1000 };
}

/** The service running while producers publish: first publish → last record stored, vs the publish rate alone. */
async function live(tag: string): Promise<{ subject: Rate; baseline: Rate }> {
  const svc = await startService(CostDefinition, { NATS_URL: nats.url, DATA_DIR: join(dir, tag), LOG_LEVEL: 'silent' });
  await request(nc, costRpcs.summary, { groupBy: 'model' });
  const t0 = now();
  const { published, expected } = await publishAll(tag);
  await untilStored(expected);
  const ms = now() - t0;
  await svc.stop();
  return { subject: { ops: N, ms, perSec: (N / ms) * 1000 }, baseline: published };
}

async function bareInsert(): Promise<Rate> {
  const db = new Database(join(dir, 'bare.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('create table r (message_id text primary key, agent_id text, model text, input integer, output integer, cost integer, ts text)');
  const stmt = db.prepare('insert into r values (?,?,?,?,?,?,?) on conflict do nothing');
  const r = await rate(N, 1, async (i) => {
    const x = record(i, 'bare');
    stmt.run(x.messageId, x.agentId, x.model, x.usage.inputTokens, x.usage.outputTokens, i, x.ts);
  });
  db.close();
  return r;
}

try {
  await ensureStreams(nc, ALL_STREAMS, logger);
  const baseline = await bareInsert();
  const subject = await serviceDrain('drain');
  reportRate(
    `cost ingest, drain of ${N.toLocaleString('en')} records JetStream → priced → SQLite (exact totals) vs bare SQLite insert loop`,
    subject,
    baseline,
    '≥ 10,000/s',
  );
  const l = await live('live');
  reportRate(`cost ingest live: publish ${N.toLocaleString('en')} while consuming → all stored vs the publish rate alone`, l.subject, l.baseline, '≥ 10,000/s');
} finally {
  await nc.close();
  await nats.stop();
  rmSync(dir, { recursive: true, force: true });
}
