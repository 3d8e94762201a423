// Cost analytics over 1,000,000 stored records (30 days, 200 agents, 6 models, 5 accounts, 20 projects):
// summary RPC (NATS round trip included) grouped by agent / model / account / project / day, and an hourly
// time series, answered from the hourly rollup maintained at ingest.
// Baseline, same run: the same GROUP BY straight over the records table with bare better-sqlite3.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_STREAMS, costRpcs, type GroupBy } from '@flywheel/contracts';
import { connectNats, ensureStreams, openDb, request, startService } from '@flywheel/kit';
import { startNats, testLogger } from '@flywheel/kit/testing';
import { CostDefinition } from '../src/service.ts';
import * as schema from '../src/db/schema.ts';
import { createUsageRepo } from '../src/db/usage-repo.ts';
import { loadDefaultRateCard, priceRecord } from '../src/domain/index.ts';
import { latencies, now, reportLatency } from '../../../bench/lib.ts';

const N = Number(process.env.COST_BENCH_SUMMARY_RECORDS ?? 1_000_000);
const MODELS = ['claude-haiku-4-5', 'claude-sonnet-4-5-20250929', 'claude-opus-4-8[1m]', 'gpt-5-codex', 'gemini-2.5-pro', 'claude-opus-4-1'];
const DAYS = 30;
const logger = testLogger();
const dir = mkdtempSync(join(tmpdir(), 'fw-bench-cost-sum-'));
const END = Date.UTC(2026, 10, 25);

/** Fills the service's database the way ingest does (priced rows + rollup), in 10k-row transactions. */
function fill(): number {
  const db = openDb(join(dir, 'cost.db'), { schema, migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)) });
  const writer = createUsageRepo(db);
  const card = loadDefaultRateCard();
  const t0 = now();
  let total = 0;
  for (let start = 0; start < N; start += 10_000) {
    db.$client.transaction(() => {
      for (let i = start; i < Math.min(N, start + 10_000); i++) {
        const agent = i % 200;
        const r = priceRecord(card, {
          messageId: `m-${i}`,
          agentId: `agent-${agent}`,
          accountId: `acct-${agent % 5}`,
          projectId: `proj-${agent % 20}`,
          model: MODELS[(agent + (i % 2)) % MODELS.length]!,
          usage: { inputTokens: 100 + (i % 977), outputTokens: 7 * (i % 131), cacheReadInputTokens: i % 5000, cacheCreationInputTokens: i % 333 },
          ts: new Date(END - Math.floor((i / N) * DAYS * 86_400_000)).toISOString(),
        });
        writer.insert(r);
        total += r.costMicros;
      }
    })();
  }
  const rollupRows = (db.$client.prepare('select count(*) as n from cost_rollup').get() as { n: number }).n;
  process.stdout.write(`filled ${N.toLocaleString('en')} records (${rollupRows.toLocaleString('en')} rollup rows) in ${((now() - t0) / 1000).toFixed(1)} s\n`);
  db.$client.close();
  return total;
}

const RAW_COLUMN: Record<GroupBy, string> = {
  agent: 'agent_id',
  model: 'model',
  account: "coalesce(account_id,'')",
  project: "coalesce(project_id,'')",
  day: '(ts_ms - ts_ms % 86400000)',
};

const expected = fill();
const nats = await startNats();
const nc = await connectNats({ url: nats.url, name: 'bench', logger });
try {
  await ensureStreams(nc, ALL_STREAMS, logger);
  const svc = await startService(CostDefinition, { NATS_URL: nats.url, DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const raw = openDb(join(dir, 'cost.db'), { schema: {} }).$client;
  for (const groupBy of ['agent', 'model', 'account', 'project', 'day'] as const) {
    const check = await request(nc, costRpcs.summary, { groupBy });
    if (check.total.records !== N || check.total.costMicros !== expected) throw new Error(`summary totals wrong: ${JSON.stringify(check.total)}`);
    const rawSql = `select ${RAW_COLUMN[groupBy]} as k, count(*), sum(cost_micros), sum(input_tokens), sum(output_tokens) from usage_records group by 1`;
    const subject = await latencies(20, () => request(nc, costRpcs.summary, { groupBy }, { timeoutMs: 10_000 }));
    const baseline = await latencies(5, async () => raw.prepare(rawSql).all());
    reportLatency(`summary by ${groupBy} over ${N.toLocaleString('en')} records (RPC)`, subject, baseline, '< 200 ms');
  }
  const lastWeek = { from: new Date(END - 7 * 86_400_000).toISOString(), interval: 'hour' as const };
  const series = await latencies(20, () => request(nc, costRpcs.timeseries, lastWeek, { timeoutMs: 10_000 }));
  const seriesRaw = await latencies(5, async () =>
    raw.prepare('select ts_ms - ts_ms % 3600000, count(*), sum(cost_micros) from usage_records where ts_ms >= ? group by 1').all(Date.parse(lastWeek.from)),
  );
  reportLatency('hourly time series, last 7 days (RPC)', series, seriesRaw);
  raw.close();
  await svc.stop();
} finally {
  await nc.close();
  await nats.stop();
  rmSync(dir, { recursive: true, force: true });
}
