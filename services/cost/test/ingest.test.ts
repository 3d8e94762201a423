/**
 * Ingest semantics: the provider's message id is the key (a replay under a new Nats-Msg-Id, or a
 * full replay of the stream, counts nothing twice), malformed records are dropped without
 * stopping the consumer, and the live feed is one aggregated tick per interval.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { costRpcs, costTickEvent, usageRecordEvent, type CostTick } from '@flywheel/contracts';
import { startService, subscribe, wireSubject } from '@flywheel/kit';
import { testLogger, waitFor } from '@flywheel/kit/testing';
import { CostDefinition } from '../src/service.ts';
import { request, startCostHarness, usage, type CostHarness } from './support.ts';

let h: CostHarness;
beforeAll(async () => {
  h = await startCostHarness();
});
afterAll(async () => h?.stop());

const total = async (agentId: string) => (await request(h.nc, costRpcs.summary, { agentId, groupBy: 'agent' })).total;

describe('usage ingest', () => {
  it('counts a message id once, whatever the transport does', async () => {
    const agentId = 'dup-agent';
    const rec = usage({ messageId: 'dup-1', agentId, usage: { inputTokens: 1000, outputTokens: 0 } });
    await h.pub.publish(usageRecordEvent, [agentId], rec, 'transport-id-1');
    await h.pub.publish(usageRecordEvent, [agentId], rec, 'transport-id-2');
    await h.publish(usage({ messageId: 'dup-2', agentId, usage: { inputTokens: 1000, outputTokens: 0 } }));
    await waitFor(async () => (await total(agentId)).records === 2);
    // Replay the whole stream into a restarted service: a new durable position, same records.
    await h.cost.stop();
    await (await jetstreamManager(h.nc)).consumers.delete('FW_USAGE', 'cost');
    h.cost = await startService(CostDefinition, h.env);
    await h.publish(usage({ messageId: 'dup-3', agentId, usage: { inputTokens: 1000, outputTokens: 0 } }));
    await waitFor(async () => (await total(agentId)).records === 3);
    expect(await total(agentId)).toMatchObject({ records: 3, costMicros: 3000 });
  });

  it('drops a malformed record (negative tokens) and keeps consuming', async () => {
    const agentId = 'bad-agent';
    const bad = { ...usage({ messageId: 'bad-1', agentId }), usage: { inputTokens: -5, outputTokens: 1 } };
    await jetstream(h.nc).publish(wireSubject(h.nc, `usage.${agentId}`), JSON.stringify(bad), { msgID: 'bad-1' });
    await h.publish(usage({ messageId: 'good-after-bad', agentId, usage: { inputTokens: 1, outputTokens: 0 } }));
    await waitFor(async () => (await total(agentId)).records === 1);
    const { items } = await request(h.nc, costRpcs.records, { agentId, limit: 10 });
    expect(items.map((r) => r.messageId)).toEqual(['good-after-bad']);
  });

  it('publishes aggregated ticks on system.cost rather than one per record', async () => {
    const ticks: CostTick[] = [];
    const sub = subscribe(h.nc, costTickEvent, (t) => void ticks.push(t), { logger: testLogger() });
    const agentId = 'tick-agent';
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => h.publish(usage({ messageId: `tick-${i}`, agentId, usage: { inputTokens: 1000, outputTokens: 0 } }))),
    );
    await waitFor(() => ticks.reduce((n, t) => n + t.records, 0) >= 200, { what: '200 records in ticks' });
    sub.stop();
    expect(ticks.length).toBeLessThan(20);
    // Earlier tests' last records may share the first tick.
    expect(ticks.reduce((n, t) => n + t.costMicros, 0) - 200 * 1000).toBeLessThan(2000);
    expect(ticks[0]!.byModel[0]).toMatchObject({ model: 'claude-haiku-4-5' });
  });
});
