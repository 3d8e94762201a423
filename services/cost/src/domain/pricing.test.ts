import { describe, expect, it } from 'vitest';
import { loadDefaultRateCard } from './default-rate-card.ts';
import { priceUsage } from './pricing.ts';
import type { Usage } from './usage.ts';

const card = loadDefaultRateCard();
const none: Usage = { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 };
const usage = (u: Partial<Usage>): Usage => ({ ...none, ...u });

describe('priceUsage', () => {
  it.each([
    ['claude-opus-4-8', { inputTokens: 1_000_000 }, 5_000_000],
    ['claude-opus-4-8', { outputTokens: 1_000_000 }, 25_000_000],
    ['claude-opus-4-8', { cacheReadInputTokens: 1_000_000 }, 500_000],
    ['claude-opus-4-8', { cacheCreationInputTokens: 1_000_000 }, 6_250_000],
    ['claude-opus-4-8', { cacheCreationInputTokens: 1_000_000, cacheCreation1hInputTokens: 1_000_000 }, 10_000_000],
    ['claude-opus-4-1', { inputTokens: 1_000_000, outputTokens: 1_000_000 }, 90_000_000],
    ['claude-sonnet-4-5', { inputTokens: 100_000, outputTokens: 100_000 }, 1_800_000],
    ['claude-haiku-4-5', { inputTokens: 10, outputTokens: 10 }, 60],
    ['claude-3-5-haiku', { inputTokens: 1 }, 1],
    ['gpt-5', { inputTokens: 1_000, cacheReadInputTokens: 10_000, outputTokens: 100 }, 3_500],
    ['gemini-2.5-flash-lite', { inputTokens: 1_000_000, outputTokens: 1_000_000 }, 500_000],
  ] as const)('prices %s usage %j at %i micros', (model, u, micros) => {
    expect(priceUsage(card, model, usage(u)).costMicros).toBe(micros);
  });

  it('breaks the cost down by line item', () => {
    const priced = priceUsage(card, 'claude-sonnet-4-6', {
      inputTokens: 1_000,
      outputTokens: 2_000,
      cacheReadInputTokens: 10_000,
      cacheCreationInputTokens: 3_000,
      cacheCreation1hInputTokens: 1_000,
      webSearchRequests: 2,
    });
    expect(priced).toMatchObject({
      costMicros: 3_000 + 30_000 + 3_000 + 7_500 + 6_000 + 20_000,
      breakdown: { input: 3_000, output: 30_000, cacheRead: 3_000, cacheWrite5m: 7_500, cacheWrite1h: 6_000, webSearch: 20_000 },
      matchedModel: 'claude-sonnet-4-6',
      matchKind: 'exact',
      tier: 'base',
      rateCardId: 'flywheel-default',
      rateCardVersion: '2026-12-07',
    });
    expect(priced.flag).toBeUndefined();
  });

  it('treats every creation token as a 5-minute write when the split is absent', () => {
    expect(priceUsage(card, 'claude-opus-4-8', usage({ cacheCreationInputTokens: 100 })).breakdown).toMatchObject({ cacheWrite5m: 625, cacheWrite1h: 0 });
  });

  it('prices creation tokens the split does not declare as 5-minute writes', () => {
    const b = priceUsage(
      card,
      'claude-opus-4-8',
      usage({ cacheCreationInputTokens: 100, cacheCreation5mInputTokens: 20, cacheCreation1hInputTokens: 30 }),
    ).breakdown;
    expect(b).toMatchObject({ cacheWrite5m: 438, cacheWrite1h: 300 }); // 70 × 6.25 = 437.5, rounded up with the total
  });

  it('lets the split win when it declares more creation tokens than the total', () => {
    const b = priceUsage(
      card,
      'claude-opus-4-8',
      usage({ cacheCreationInputTokens: 0, cacheCreation5mInputTokens: 8, cacheCreation1hInputTokens: 10 }),
    ).breakdown;
    expect(b).toMatchObject({ cacheWrite5m: 50, cacheWrite1h: 100 });
  });

  it('rounds the exact total once, half up, and apportions the breakdown to sum to it', () => {
    // Sonnet: 5 cache reads = 1.5 µ$, 2 5m writes = 7.5 µ$; exact 9 µ$ (rounding each item would give 10).
    const priced = priceUsage(card, 'claude-sonnet-4-5', usage({ cacheReadInputTokens: 5, cacheCreationInputTokens: 2 }));
    expect(priced.costMicros).toBe(9);
    expect(priced.breakdown.cacheRead + priced.breakdown.cacheWrite5m).toBe(9);
  });

  it('rounds an exact half micro-dollar up', () => {
    expect(priceUsage(card, 'claude-opus-4-8', usage({ cacheReadInputTokens: 1 })).costMicros).toBe(1);
    expect(priceUsage(card, 'claude-3-5-haiku', usage({ cacheReadInputTokens: 6 })).costMicros).toBe(0);
    expect(priceUsage(card, 'claude-3-5-haiku', usage({ cacheReadInputTokens: 7 })).costMicros).toBe(1);
  });

  it('prices an unknown model at zero and flags it instead of guessing', () => {
    expect(priceUsage(card, 'llama-4-maverick', usage({ inputTokens: 1_000 }))).toMatchObject({
      costMicros: 0,
      matchedModel: null,
      matchKind: 'unknown',
      flag: 'unknown_model',
    });
  });

  it('records a family match so a guessed price is visible', () => {
    expect(priceUsage(card, 'claude-opus-4-9', usage({ inputTokens: 1_000 }))).toMatchObject({
      costMicros: 5_000,
      matchedModel: 'claude-opus-4-8',
      matchKind: 'family',
    });
  });

  it.each([
    [{ inputTokens: -1 }, /inputTokens/],
    [{ outputTokens: 1.5 }, /outputTokens/],
    [{ cacheReadInputTokens: Number.NaN }, /cacheReadInputTokens/],
  ])('rejects invalid usage %j with BAD_REQUEST naming the field', (u, field) => {
    expect(() => priceUsage(card, 'claude-opus-4-8', usage(u))).toThrow(field);
  });

  it('stays exact for very large aggregated usage', () => {
    expect(priceUsage(card, 'claude-opus-4-1', usage({ outputTokens: 100_000_000_000 })).costMicros).toBe(7_500_000_000_000);
  });
});

describe('priceUsage context tiers', () => {
  const big = usage({ inputTokens: 150_000, cacheReadInputTokens: 40_000, cacheCreationInputTokens: 10_001, outputTokens: 1_000 });

  it('switches every line item to the tier price once the prompt passes 200k tokens', () => {
    const priced = priceUsage(card, 'claude-sonnet-4-5', big);
    expect(priced.tier).toBe('above_200k');
    expect(priced.breakdown).toMatchObject({ input: 900_000, output: 22_500, cacheRead: 24_000, cacheWrite5m: 75_008 });
  });

  it('keeps the base price at exactly 200k prompt tokens', () => {
    expect(priceUsage(card, 'claude-sonnet-4-5', { ...big, cacheCreationInputTokens: 10_000 }).tier).toBe('base');
  });

  it('keeps the base price for models without a tier, whatever the prompt size', () => {
    expect(priceUsage(card, 'claude-sonnet-4-6', big).tier).toBe('base');
  });

  it('prices Gemini 2.5 Pro above 200k at its tier', () => {
    expect(priceUsage(card, 'gemini-2.5-pro', usage({ inputTokens: 300_000 })).costMicros).toBe(750_000);
  });

  it('can ignore tiers to reproduce agents that do not model them', () => {
    expect(priceUsage(card, 'claude-sonnet-4-5', big, { applyContextTiers: false }).tier).toBe('base');
  });
});
