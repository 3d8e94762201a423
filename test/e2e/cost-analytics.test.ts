/**
 * Analytics through REST: records with filters and cursor pages, summaries, time series, top
 * spenders and CSV; a forecast on a synthetic series; recommendations and their status flow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@flywheel/kit/testing';
import { startStack, type Stack } from '../support/index.ts';
import { costClient, tokens, usage } from './helpers/cost.ts';

let s: Stack;
let h: ReturnType<typeof costClient>;
beforeAll(async () => {
  s = await startStack({ services: [{ name: 'cost', env: { BUDGET_TIMER_MS: '200', COST_TICK_MS: '200' } }, 'gateway-api'] });
  h = costClient(s);
});
afterAll(async () => {
  await h?.close();
  await s?.stop();
});

const HAIKU_OUT = 5; // micros per Haiku 4.5 output token ($5/M)

describe('records, summary, time series, top and CSV', () => {
  it('filters, pages and groups what was ingested', async () => {
    const projectId = 'proj-analytics';
    const day = (d: number, h: number) => `2026-10-0${d}T${String(h).padStart(2, '0')}:15:00.000Z`;
    const spec = [
      { agentId: 'an-a', model: 'claude-haiku-4-5', ts: day(1, 9), out: 1000 },
      { agentId: 'an-a', model: 'claude-haiku-4-5', ts: day(1, 10), out: 2000 },
      { agentId: 'an-b', model: 'claude-haiku-4-5', ts: day(2, 9), out: 3000, accountId: 'acct-1' },
      { agentId: 'an-b', model: 'claude-3-5-haiku', ts: day(2, 9), out: 1000, accountId: 'acct-1' },
      { agentId: 'an-c', model: 'claude-haiku-4-5', ts: day(3, 23), out: 500 },
    ];
    await Promise.all(
      spec.map((s, i) =>
        h.publish(
          usage({
            messageId: `an-${i}`,
            projectId,
            agentId: s.agentId,
            model: s.model,
            ts: s.ts,
            accountId: s.accountId,
            usage: tokens({ outputTokens: s.out }),
          }),
        ),
      ),
    );
    await waitFor(async () => (await h.api('GET', `/records?projectId=${projectId}`)).json.items.length === 5);

    const p1 = await h.api('GET', `/records?projectId=${projectId}&limit=2`);
    const p2 = await h.api('GET', `/records?projectId=${projectId}&limit=2&cursor=${p1.json.nextCursor}`);
    const p3 = await h.api('GET', `/records?projectId=${projectId}&limit=2&cursor=${p2.json.nextCursor}`);
    const ids = [...p1.json.items, ...p2.json.items, ...p3.json.items].map((r: { messageId: string }) => r.messageId);
    // Newest first; equal times by message id, descending.
    expect(ids).toEqual(['an-4', 'an-3', 'an-2', 'an-1', 'an-0']);
    expect(p3.json.nextCursor).toBeUndefined();
    expect((await h.api('GET', `/records?projectId=${projectId}&agentId=an-b&model=claude-3-5-haiku`)).json.items).toHaveLength(1);
    expect((await h.api('GET', '/records?cursor=garbage')).status).toBe(400);

    const byAgent = (await h.api('GET', `/summary?projectId=${projectId}&groupBy=agent`)).json;
    expect(byAgent.rows.map((r: { key: string; costMicros: number }) => [r.key, r.costMicros])).toEqual([
      ['an-a', 3000 * HAIKU_OUT],
      ['an-b', 3000 * HAIKU_OUT + 1000 * 4],
      ['an-c', 500 * HAIKU_OUT],
    ]);
    expect(byAgent.total).toMatchObject({ records: 5, costMicros: 6500 * HAIKU_OUT + 4000, outputTokens: 7500 });
    const byDay = (await h.api('GET', `/summary?projectId=${projectId}&groupBy=day`)).json.rows.map((r: { key: string; records: number }) => [
      r.key,
      r.records,
    ]);
    expect(byDay).toEqual([
      ['2026-10-01', 2],
      ['2026-10-02', 2],
      ['2026-10-03', 1],
    ]);
    const byAccount = (await h.api('GET', `/summary?projectId=${projectId}&groupBy=account`)).json.rows.map((r: { key: string }) => r.key);
    expect(byAccount).toEqual(['', 'acct-1']);
    // A window not on whole hours is answered from the records, exactly.
    const window = await h.api('GET', `/summary?projectId=${projectId}&groupBy=agent&from=2026-10-01T09:30:00Z&to=2026-10-02T09:20:00Z`);
    expect(window.json.total).toMatchObject({ records: 3 });

    const hourly = (await h.api('GET', `/timeseries?projectId=${projectId}&interval=hour&from=2026-10-02T00:00:00Z&to=2026-10-03T00:00:00Z`)).json;
    expect(hourly.points).toEqual([{ t: '2026-10-02T09:00:00.000Z', records: 2, costMicros: 3000 * HAIKU_OUT + 4000, costUsd: 0.019 }]);
    const top = (await h.api('GET', `/top?projectId=${projectId}&by=agent&limit=1`)).json;
    expect(top.rows.map((r: { key: string }) => r.key)).toEqual(['an-b']);

    const csv = await h.api('GET', `/export.csv?projectId=${projectId}`);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toMatch(/^ts,messageId,agentId,/);
    expect(lines).toHaveLength(6);
    expect(lines.find((l) => l.includes('an-3'))).toContain(',claude-3-5-haiku,');
  });
});

describe('GET /forecast', () => {
  it('forecasts a synthetic trend with weekly seasonality, the truth inside the interval, with a backtest MAPE', async () => {
    const agentId = 'forecast-agent';
    const start = Date.UTC(2026, 6, 1);
    const season = [1.0, 1.1, 1.2, 1.1, 1.0, 0.5, 0.4];
    const truth = (i: number) => Math.round((4_000_000 + 50_000 * i) * season[i % 7]!);
    const noise = (i: number) => 1 + 0.03 * Math.sin(i * 12.9898);
    const days = 42;
    await Promise.all(
      Array.from({ length: days }, (_, i) => {
        const outputTokens = Math.round((truth(i) * noise(i)) / HAIKU_OUT);
        return h.publish(
          usage({ messageId: `fc-${i}`, agentId, ts: new Date(start + i * 86_400_000 + 3_600_000).toISOString(), usage: tokens({ outputTokens }) }),
        );
      }),
    );
    await waitFor(async () => (await h.api('GET', `/summary?agentId=${agentId}`)).json.total.records === days);
    const asOf = new Date(start + (days - 1) * 86_400_000).toISOString().slice(0, 10);
    const f = (await h.api('GET', `/forecast?agentId=${agentId}&asOf=${asOf}&horizonDays=7&confidence=0.95&historyDays=42`)).json;
    expect(f.method).toBe('holt_winters');
    expect(f.points).toHaveLength(7);
    expect(f.backtest.mape).toBeGreaterThan(0);
    expect(f.backtest.mape).toBeLessThan(15);
    f.points.forEach((p: { lower: number; upper: number }, k: number) => {
      expect(truth(days + k)).toBeGreaterThanOrEqual(p.lower);
      expect(truth(days + k)).toBeLessThanOrEqual(p.upper);
    });
    expect((await h.api('GET', '/forecast?horizonDays=0')).status).toBe(400);
  });
});

describe('recommendations', () => {
  it('computes advice from the records, persists it pending, and allows only pending → applied | dismissed', async () => {
    const agentId = 'uncached-agent';
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        h.publish(usage({ messageId: `rec-${i}`, agentId, model: 'claude-sonnet-4-5', usage: tokens({ inputTokens: 150_000, outputTokens: 1000 }) })),
      ),
    );
    await waitFor(async () => (await h.api('GET', `/summary?agentId=${agentId}`)).json.total.records === 8);
    const refreshed = await h.api('POST', '/recommendations/refresh', { days: 30 });
    expect(refreshed.status).toBe(200);
    const rec = refreshed.json.items.find(
      (r: { kind: string; context: { agentId?: string } }) => r.kind === 'low_cache_ratio' && r.context.agentId === agentId,
    );
    expect(rec).toMatchObject({ status: 'pending', scope: { kind: 'agent', value: agentId } });
    expect(rec.estimatedSavingMicros).toBeGreaterThan(1_000_000);

    expect((await h.api('POST', `/recommendations/${rec.id}/status`, { status: 'applied' })).json).toMatchObject({ id: rec.id, status: 'applied' });
    const illegal = await h.api('POST', `/recommendations/${rec.id}/status`, { status: 'dismissed' });
    expect(illegal.status).toBe(409);
    expect(illegal.json.error).toMatchObject({ code: 'CONFLICT', details: { from: 'applied', to: 'dismissed' } });
    expect((await h.api('POST', '/recommendations/nope/status', { status: 'applied' })).status).toBe(404);
    // A refresh keeps the decision.
    await h.api('POST', '/recommendations/refresh', { days: 30 });
    expect((await h.api('GET', '/recommendations?status=applied')).json.items.map((r: { id: string }) => r.id)).toContain(rec.id);
  });
});
