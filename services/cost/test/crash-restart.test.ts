/**
 * Exactly-once effect across crashes: 10,000 usage records published durably (with msg ids)
 * while the cost service (a child process) is kill -9'ed and restarted twice mid-stream. The
 * stored totals must equal the sum of the prices, with no duplicates, in the records and rollup.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STREAMS, costRpcs, metricsRpc, usageRecordEvent } from '@flywheel/contracts';
import { connectNats, DurablePublisher, ensureStreams, request, type NatsConnection } from '@flywheel/kit';
import { startNats, testLogger, waitFor, type TestNats } from '@flywheel/kit/testing';
import { loadDefaultRateCard, priceUsage } from '../src/domain/index.ts';
import { usage } from './support.ts';

const N = 10_000;
const MAIN = new URL('../src/main.ts', import.meta.url).pathname;
const logger = testLogger();
let nats: TestNats;
let nc: NatsConnection;
let dir: string;
let child: ChildProcess | undefined;

const env = () => ({ ...process.env, NATS_URL: nats.url, DATA_DIR: dir, LOG_LEVEL: 'silent', INGEST_ACK_WAIT_MS: '1500', INSTANCE_ID: 'cost-crash' });
const startChild = () => (child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: env(), stdio: 'ignore' }));
const kill9 = () => new Promise<void>((r) => (child!.once('exit', () => r()), child!.kill('SIGKILL')));
const stored = async () => (await request(nc, costRpcs.summary, { groupBy: 'model' }, { timeoutMs: 500 })).total;

beforeAll(async () => {
  nats = await startNats();
  dir = mkdtempSync(join(tmpdir(), 'fw-cost-crash-'));
  nc = await connectNats({ url: nats.url, name: 'crash-test', logger });
  await ensureStreams(nc, ALL_STREAMS, logger);
});
afterAll(async () => {
  if (child && child.exitCode === null && !child.signalCode) await kill9();
  await nc?.drain().catch(() => undefined);
  await nats?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('usage ingest under kill -9', () => {
  it('stores 10,000 records exactly once across two crashes and restarts', async () => {
    const card = loadDefaultRateCard();
    const models = ['claude-haiku-4-5', 'claude-sonnet-4-5-20250929', 'claude-opus-4-8[1m]', 'gpt-5-codex'];
    const recs = Array.from({ length: N }, (_, i) =>
      usage({
        messageId: `crash-${i}`,
        agentId: `agent-${i % 40}`,
        model: models[i % models.length]!,
        usage: { inputTokens: 100 + (i % 977), outputTokens: 7 * (i % 131), cacheReadInputTokens: i % 5000, cacheCreationInputTokens: i % 333 },
      }),
    );
    const expected = recs.reduce((sum, r) => sum + priceUsage(card, r.model, r.usage).costMicros, 0);

    startChild();
    const pub = new DurablePublisher(nc, { logger });
    const published = Promise.all(recs.map((r) => pub.publish(usageRecordEvent, [r.agentId], r, r.messageId)));
    for (const mark of [2_500, 6_000]) {
      await waitFor(async () => (await stored()).records >= mark, { timeoutMs: 30_000, intervalMs: 20, what: `${mark} records stored` });
      await kill9();
      startChild();
    }
    await published;
    const total = await waitFor(
      async () => {
        const t = await stored();
        return t.records >= N ? t : null;
      },
      { timeoutMs: 60_000, intervalMs: 100, what: 'all records stored' },
    );
    expect(total).toMatchObject({ records: N, costMicros: expected });
    await pub.close();
    // The last instance saw what the killed ones held unacked: redelivered, and deduplicated if already stored.
    const { text } = await request(nc, metricsRpc('cost'), {});
    const count = (outcome: string) =>
      Number(new RegExp(`cost_usage_records_total\\{outcome="${outcome}",redelivered="yes"[^}]*\\} (\\d+)`).exec(text)?.[1] ?? 0);
    process.stdout.write(`crash test: last instance got ${count('stored')} redelivered new records and ${count('duplicates')} redelivered duplicates\n`);
    expect(count('stored') + count('duplicates')).toBeGreaterThan(0);

    const db = new Database(join(dir, 'cost.db'), { readonly: true });
    const rows = db.prepare('SELECT count(*) AS n, count(DISTINCT message_id) AS d, sum(cost_micros) AS c FROM usage_records').get();
    const rollup = db.prepare('SELECT sum(records) AS n, sum(cost_micros) AS c FROM cost_rollup').get();
    db.close();
    expect(rows).toEqual({ n: N, d: N, c: expected });
    expect(rollup).toEqual({ n: N, c: expected });
  }, 120_000);
});
