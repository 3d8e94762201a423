import { describe, expect, it } from 'vitest';
import { loadDefaultRateCard } from './default-rate-card.ts';

const perMillion = (picosPerToken: number) => picosPerToken / 1e6;

describe('loadDefaultRateCard', () => {
  const card = loadDefaultRateCard();

  it.each([
    ['claude-opus-4-5', 5, 25],
    ['claude-opus-4-6', 5, 25],
    ['claude-opus-4-7', 5, 25],
    ['claude-opus-4-8', 5, 25],
    ['claude-opus-4', 15, 75],
    ['claude-opus-4-1', 15, 75],
    ['claude-sonnet-4', 3, 15],
    ['claude-sonnet-4-5', 3, 15],
    ['claude-sonnet-4-6', 3, 15],
    ['claude-haiku-4-5', 1, 5],
    ['claude-3-5-haiku', 0.8, 4],
    ['gpt-5', 1.25, 10],
    ['gpt-5-mini', 0.25, 2],
    ['gpt-5-nano', 0.05, 0.4],
    ['gpt-5-codex', 1.25, 10],
    ['codex-mini-latest', 1.5, 6],
    ['gemini-2.5-pro', 1.25, 10],
    ['gemini-2.5-flash', 0.3, 2.5],
    ['gemini-2.5-flash-lite', 0.1, 0.4],
  ])('prices %s at $%s / $%s per million tokens', (model, input, output) => {
    const base = card.models[model]?.base;
    expect(base && [perMillion(base.input), perMillion(base.output)]).toEqual([input, output]);
  });

  it('applies the Anthropic cache multipliers to every Claude 4 model: read 0.1×, 5m write 1.25×, 1h write 2×', () => {
    const claude4 = Object.entries(card.models).filter(([id]) => /^claude-(opus|sonnet|haiku)-4/.test(id));
    expect(claude4.length).toBeGreaterThanOrEqual(10);
    for (const [, { base }] of claude4) {
      expect([base.cacheRead * 10, (base.cacheWrite5m * 4) / 5, base.cacheWrite1h / 2]).toEqual([base.input, base.input, base.input]);
    }
  });

  it('gives Sonnet 4 and 4.5 the 1M-context tier of $6 / $22.50, and Sonnet 4.6 none', () => {
    for (const id of ['claude-sonnet-4', 'claude-sonnet-4-5']) {
      const tier = card.models[id]?.above200k;
      expect(
        tier && [perMillion(tier.input), perMillion(tier.output), perMillion(tier.cacheRead), perMillion(tier.cacheWrite5m), perMillion(tier.cacheWrite1h)],
      ).toEqual([6, 22.5, 0.6, 7.5, 12]);
    }
    expect(card.models['claude-sonnet-4-6']?.above200k).toBeNull();
  });

  it('gives Gemini 2.5 Pro its above-200k tier of $2.50 / $15', () => {
    const tier = card.models['gemini-2.5-pro']?.above200k;
    expect(tier && [perMillion(tier.input), perMillion(tier.output), perMillion(tier.cacheRead)]).toEqual([2.5, 15, 0.25]);
  });

  it('prices OpenAI cached input at a tenth of input', () => {
    for (const id of ['gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'gpt-5-codex']) {
      const base = card.models[id]?.base;
      expect(base && base.cacheRead * 10).toBe(base?.input);
    }
  });

  it('is versioned and dated', () => {
    expect(card).toMatchObject({ id: 'flywheel-default', version: '2026-12-07', effectiveFrom: '2026-12-07T00:00:00Z' });
  });

  it('returns the same parsed card on every call, frozen against accidental edits', () => {
    expect(loadDefaultRateCard()).toBe(card);
    expect(Object.isFrozen(card.models['claude-opus-4-8']?.base)).toBe(true);
  });
});
