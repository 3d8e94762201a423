/**
 * The service path against the real Claude Code: each of the recorded observations goes in as
 * a usage record carrying the agent's own costUSD; the stored cost must equal it to the
 * micro-dollar, with the reported cost kept beside it and no divergence flagged — except where
 * the provider bills a long-context tier that Claude Code does not model (flagged, by design).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costRpcs } from '@flywheel/contracts';
import { waitFor } from '@flywheel/kit/testing';
import { usdToMicros } from '../src/domain/index.ts';
import { request, startCostHarness, usage, type CostHarness } from './support.ts';

interface Observation {
  model: string;
  usage: {
    input_tokens: number;
    output_tokens: number;
    cache_read_input_tokens: number;
    cache_creation_input_tokens: number;
    cache_creation?: { ephemeral_5m_input_tokens?: number; ephemeral_1h_input_tokens?: number };
  };
  reportedCostUSD: number;
}

const observations = JSON.parse(
  readFileSync(new URL('../../../tools/scripted-model/test/fixtures/claude-cost-observations.json', import.meta.url), 'utf8'),
) as Observation[];

let h: CostHarness;
beforeAll(async () => {
  h = await startCostHarness();
});
afterAll(async () => h?.stop());

describe('ingest priced like Claude Code', () => {
  it('stores every observation at the cost Claude Code reported, to the micro-dollar, with the reported cost beside it', async () => {
    const agentId = 'oracle-agent';
    const recs = observations.map((o, i) =>
      usage({
        messageId: `oracle-${i}`,
        agentId,
        model: o.model,
        reportedCostUsd: o.reportedCostUSD,
        reportedCostScope: 'message',
        usage: {
          inputTokens: o.usage.input_tokens,
          outputTokens: o.usage.output_tokens,
          cacheReadInputTokens: o.usage.cache_read_input_tokens,
          cacheCreationInputTokens: o.usage.cache_creation_input_tokens,
          cacheCreation5mInputTokens: o.usage.cache_creation?.ephemeral_5m_input_tokens,
          cacheCreation1hInputTokens: o.usage.cache_creation?.ephemeral_1h_input_tokens,
        },
      }),
    );
    await Promise.all(recs.map((r) => h.publish(r)));
    const page = await waitFor(
      async () => {
        const p = await request(h.nc, costRpcs.records, { agentId, limit: 1000 });
        return p.items.length === observations.length ? p : null;
      },
      { what: 'all observations stored' },
    );

    const byId = new Map(page.items.map((r) => [r.messageId, r]));
    const rows = observations.map((o, i) => ({ o, r: byId.get(`oracle-${i}`)! }));
    const tiered = rows.filter(({ o }) => o.model.startsWith('claude-sonnet-4-5') && o.usage.input_tokens + o.usage.cache_read_input_tokens > 200_000);
    const plain = rows.filter((x) => !tiered.includes(x));
    for (const { o, r } of plain) {
      expect({ model: o.model, cost: r.costMicros, divergent: r.divergent }).toEqual({
        model: o.model,
        cost: usdToMicros(o.reportedCostUSD),
        divergent: false,
      });
      expect(r.reportedCostMicros).toBe(usdToMicros(o.reportedCostUSD));
      expect(r.rateCardVersion).toBeTruthy();
      expect(r.matchKind).not.toBe('unknown');
    }
    expect(tiered.length).toBe(1);
    expect(tiered[0]!.r).toMatchObject({ divergent: true, reportedCostMicros: usdToMicros(tiered[0]!.o.reportedCostUSD) });
    expect(tiered[0]!.r.costMicros).toBeGreaterThan(usdToMicros(tiered[0]!.o.reportedCostUSD));
  });

  it('settles a turn-scoped report against the sum of the turn’s records and flags only a real divergence', async () => {
    const agentId = 'turn-agent';
    const u = { inputTokens: 1000, outputTokens: 100 };
    // Haiku 4.5: 1000 × $1/M + 100 × $5/M = $0.0015 per message; a turn of three = $0.0045.
    await h.publish(usage({ messageId: 'turn-1', agentId, usage: u, ts: '2026-11-20T10:00:00.000Z' }));
    await h.publish(usage({ messageId: 'turn-2', agentId, usage: u, ts: '2026-11-20T10:00:01.000Z' }));
    await h.publish(usage({ messageId: 'turn-3', agentId, usage: u, ts: '2026-11-20T10:00:02.000Z', reportedCostUsd: 0.0045, reportedCostScope: 'turn' }));
    await h.publish(usage({ messageId: 'turn-4', agentId, usage: u, ts: '2026-11-20T10:01:00.000Z', reportedCostUsd: 0.0099, reportedCostScope: 'turn' }));
    const page = await waitFor(async () => {
      const p = await request(h.nc, costRpcs.records, { agentId, limit: 10 });
      return p.items.length === 4 ? p : null;
    });
    const get = (id: string) => page.items.find((r) => r.messageId === id)!;
    expect(get('turn-3')).toMatchObject({ costMicros: 1500, reportedCostMicros: 4500, reportedCostScope: 'turn', divergent: false });
    expect(get('turn-4')).toMatchObject({ costMicros: 1500, reportedCostMicros: 9900, divergent: true });
  });
});
