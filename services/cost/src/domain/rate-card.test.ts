import { describe, expect, it } from 'vitest';
import { AppError } from '@flywheel/contracts/errors';
import { parseLiteLlmFile } from './litellm-schema.ts';
import { rateCardFromLiteLlm } from './rate-card.ts';

const meta = { id: 'test', version: 'v1', effectiveFrom: '2026-01-01T00:00:00Z', source: 'test' };

const sonnet = {
  litellm_provider: 'anthropic',
  mode: 'chat',
  max_input_tokens: 1_000_000,
  input_cost_per_token: 3e-6,
  output_cost_per_token: 1.5e-5,
  cache_read_input_token_cost: 3e-7,
  cache_creation_input_token_cost: 3.75e-6,
  cache_creation_input_token_cost_above_1hr: 6e-6,
  input_cost_per_token_above_200k_tokens: 6e-6,
  output_cost_per_token_above_200k_tokens: 2.25e-5,
  supports_vision: true,
  tool_use_system_prompt_tokens: 159,
};

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('parseLiteLlmFile', () => {
  it('skips sample_spec and ignores keys it does not price', () => {
    const file = parseLiteLlmFile({ sample_spec: { max_input_tokens: 'max input tokens' }, 'claude-sonnet-4-5': sonnet });
    expect(file.skipped).toEqual([{ model: 'sample_spec', reason: 'sample_spec' }]);
    expect(file.entries['claude-sonnet-4-5']).not.toHaveProperty('supports_vision');
  });

  it('skips entries without token prices, such as image models priced per image', () => {
    const file = parseLiteLlmFile({ 'dall-e-3': { litellm_provider: 'openai', mode: 'image_generation' } });
    expect(file.skipped).toEqual([{ model: 'dall-e-3', reason: 'no_token_prices' }]);
  });

  it.each([
    [{ m: { input_cost_per_token: -1e-6 } }, 'model "m" key "input_cost_per_token"'],
    [{ m: { output_cost_per_token: '3e-6' } }, 'model "m" key "output_cost_per_token"'],
    [{ m: { input_cost_per_token: 1e-6, max_input_tokens: 1.5 } }, 'model "m" key "max_input_tokens"'],
    [
      { m: { input_cost_per_token: 1e-6, search_context_cost_per_query: { search_context_size_medium: -1 } } },
      'key "search_context_cost_per_query.search_context_size_medium"',
    ],
    [{ m: 42 }, 'model "m" key "(entry)"'],
  ])('rejects a malformed entry with an error naming the model and key (%j)', (json, needle) => {
    const error = errorOf(() => parseLiteLlmFile(json));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain(needle);
  });

  it.each([[null], [[]], ['text']])('rejects a file that is not an object (%j)', (json) => {
    expect(errorOf(() => parseLiteLlmFile(json)).message).toMatch(/expected a JSON object/);
  });
});

describe('rateCardFromLiteLlm', () => {
  it('converts USD-per-token floats to exact integer pico-dollars', () => {
    const card = rateCardFromLiteLlm({ 'claude-sonnet-4-5': sonnet }, meta);
    expect(card.models['claude-sonnet-4-5']?.base).toEqual({
      input: 3_000_000,
      output: 15_000_000,
      cacheRead: 300_000,
      cacheWrite5m: 3_750_000,
      cacheWrite1h: 6_000_000,
    });
  });

  it('resolves tier items the file omits to the base price of the same item', () => {
    const card = rateCardFromLiteLlm({ 'claude-sonnet-4-5': sonnet }, meta);
    expect(card.models['claude-sonnet-4-5']?.above200k).toEqual({
      input: 6_000_000,
      output: 22_500_000,
      cacheRead: 300_000,
      cacheWrite5m: 3_750_000,
      cacheWrite1h: 6_000_000,
    });
  });

  it('defaults cache prices to input and the 1h write to the 5m write when the file has none', () => {
    const card = rateCardFromLiteLlm({ x: { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, cache_creation_input_token_cost: 1.25e-6 } }, meta);
    expect(card.models.x).toMatchObject({
      base: { cacheRead: 1_000_000, cacheWrite5m: 1_250_000, cacheWrite1h: 1_250_000 },
      above200k: null,
      webSearchPerRequest: 0,
      provider: 'unknown',
    });
  });

  it('keeps the card identity it was given', () => {
    const card = rateCardFromLiteLlm({}, meta);
    expect(card).toEqual({ ...meta, models: {} });
  });

  it('rejects metadata without a valid effective date', () => {
    expect(errorOf(() => rateCardFromLiteLlm({}, { ...meta, effectiveFrom: 'yesterday' })).code).toBe('BAD_REQUEST');
  });
});
