/**
 * Through the gateway's REST edge (in-process, real NATS, real SQLite): estimate, bad input → 400
 * with the error body and nothing stored, rate-card import and re-pricing, analytics, CSV,
 * forecast on a synthetic series, recommendations and their status flow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@flywheel/kit/testing';
import { startStack, type Stack } from '../support/index.ts';
import { costClient, tokens, usage } from './helpers/cost.ts';

let s: Stack;
let h: ReturnType<typeof costClient>;
const api = (method: string, path: string, body?: unknown) => h.api(method, path, body);
const u = tokens;

beforeAll(async () => {
  s = await startStack({ services: [{ name: 'cost', env: { BUDGET_TIMER_MS: '200', COST_TICK_MS: '200' } }, 'gateway-api'] });
  h = costClient(s);
});
afterAll(async () => {
  await h?.close();
  await s?.stop();
});

describe('POST /cost-analytics/estimate', () => {
  it('prices usage with the card, the matched model and a breakdown', async () => {
    const r = await api('POST', '/estimate', {
      model: 'claude-sonnet-4-5-20250929',
      usage: u({ inputTokens: 100_000, outputTokens: 100_000, cacheCreation1hInputTokens: 10, cacheCreationInputTokens: 10 }),
    });
    expect(r.status).toBe(200);
    // $0.30 input + $1.50 output + 10 × $6/M 1h writes (a prompt under 200k: base tier).
    expect(r.json).toMatchObject({
      costMicros: 1_800_060,
      costUsd: 1.80006,
      tier: 'base',
      rateCard: { id: 'flywheel-default', matchedModel: 'claude-sonnet-4-5', matchKind: 'variant' },
    });
    expect(r.json.breakdown).toMatchObject({ input: 300_000, output: 1_500_000, cacheWrite1h: 60 });
  });

  it('answers an unknown model with zero and a flag, never silently', async () => {
    const r = await api('POST', '/estimate', { model: 'mystery-model-9', usage: u({ inputTokens: 10 }) });
    expect(r.json).toMatchObject({ costMicros: 0, flag: 'unknown_model', rateCard: { matchKind: 'unknown', matchedModel: null } });
  });

  it('refuses negative tokens with 400 and the error body', async () => {
    const r = await api('POST', '/estimate', { model: 'claude-haiku-4-5', usage: u({ inputTokens: -1 }) });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('usage.inputTokens') });
    expect(r.json.error.requestId).toBeTruthy();
  });
});

describe('budgets and rate cards through REST', () => {
  it('refuses an unknown scope with 400 and stores nothing', async () => {
    const before = (await api('GET', '/budgets')).json.items.length;
    const r = await api('POST', '/budgets', { scope: { kind: 'galaxy', value: 'x' }, max_budget: 1_000_000, budget_duration: 'daily' });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('BAD_REQUEST');
    expect((await api('GET', '/budgets')).json.items.length).toBe(before);
    const ok = await api('POST', '/budgets', { scope: { kind: 'global' }, max_budget: 1_000_000_000, budget_duration: 'monthly', action: 'alert' });
    expect(ok.status).toBe(201);
    expect((await api('GET', `/budgets/${ok.json.id}`)).json).toMatchObject({ id: ok.json.id, status: { paused: false } });
    expect((await api('DELETE', `/budgets/${ok.json.id}`)).json).toEqual({ deleted: true });
    expect((await api('GET', `/budgets/${ok.json.id}`)).status).toBe(404);
  });

  it('refuses a malformed LiteLLM file with 400 naming the model and key, and stores nothing', async () => {
    const before = (await api('GET', '/rate-cards')).json.items;
    const r = await api('POST', '/rate-cards', {
      version: 'broken',
      effectiveFrom: '2026-01-01T00:00:00Z',
      prices: { 'good-model': { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 }, 'bad-model': { input_cost_per_token: 'cheap' } },
    });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'BAD_REQUEST', details: { model: 'bad-model', key: 'input_cost_per_token' } });
    expect((await api('POST', '/rate-cards', { version: 'x', effectiveFrom: 'yesterday', prices: {} })).status).toBe(400);
    expect((await api('GET', '/rate-cards')).json.items).toEqual(before);
  });

  it('imports a card, prices new records with it and re-prices an old period explicitly', async () => {
    const agentId = 'reprice-agent';
    const ts = '2026-03-02T10:00:00.000Z';
    await h.publish(usage({ messageId: 'reprice-1', agentId, model: 'claude-haiku-4-5', ts, usage: u({ inputTokens: 1_000_000 }) }));
    await waitFor(async () => (await api('GET', `/records?agentId=${agentId}`)).json.items.length === 1);
    const card = await api('POST', '/rate-cards', {
      version: 'haiku-discount',
      effectiveFrom: '2026-06-01T00:00:00Z',
      source: 'test',
      prices: { 'claude-haiku-4-5': { input_cost_per_token: 5e-7, output_cost_per_token: 2.5e-6, litellm_provider: 'anthropic' } },
    });
    expect(card.status).toBe(201);
    expect(
      (await api('POST', '/rate-cards', { version: 'haiku-discount', effectiveFrom: '2026-06-01T00:00:00Z', prices: { m: { input_cost_per_token: 1e-6 } } }))
        .status,
    ).toBe(409);
    expect((await api('GET', `/records?agentId=${agentId}`)).json.items[0]).toMatchObject({ costMicros: 1_000_000, rateCardVersion: '2026-12-07' });
    const re = await api('POST', '/reprice', {
      from: '2026-03-01T00:00:00Z',
      to: '2026-03-03T00:00:00Z',
      rateCardId: 'flywheel-default',
      rateCardVersion: 'haiku-discount',
    });
    expect(re.json).toMatchObject({ records: 1, totalBeforeMicros: 1_000_000, totalAfterMicros: 500_000, deltaMicros: -500_000 });
    expect((await api('GET', `/records?agentId=${agentId}`)).json.items[0]).toMatchObject({ costMicros: 500_000, rateCardVersion: 'haiku-discount' });
    expect((await api('GET', `/summary?agentId=${agentId}&groupBy=model`)).json.total).toMatchObject({ records: 1, costMicros: 500_000 });
  });
});
