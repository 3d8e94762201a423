import { describe, expect, it } from 'vitest';
import { loadDefaultRateCard } from './default-rate-card.ts';
import { matchModel } from './model-match.ts';
import { idVariants, parseFamily } from './model-id.ts';

const card = loadDefaultRateCard();

describe('matchModel', () => {
  it.each([
    ['claude-opus-4-8', 'claude-opus-4-8'],
    ['gpt-5-codex', 'gpt-5-codex'],
    ['codex-mini-latest', 'codex-mini-latest'],
  ])('matches %s exactly', (model, matched) => {
    expect(matchModel(card, model)).toEqual({ matchedModel: matched, matchKind: 'exact' });
  });

  it.each([
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['claude-opus-4-8[1m]', 'claude-opus-4-8'],
    ['Claude-Opus-4-8', 'claude-opus-4-8'],
    ['anthropic/claude-haiku-4-5', 'claude-haiku-4-5'],
    ['bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5'],
    ['anthropic.claude-opus-4-1-20250805-v1:0', 'claude-opus-4-1'],
    ['vertex_ai/claude-opus-4-5@20251101', 'claude-opus-4-5'],
    ['claude-opus-4-20250514', 'claude-opus-4'],
    ['claude-opus-4-0', 'claude-opus-4'],
    ['claude-sonnet-4-0', 'claude-sonnet-4'],
    ['claude-4-sonnet-20250514', 'claude-sonnet-4'],
    ['claude-3-5-haiku-20241022', 'claude-3-5-haiku'],
    ['claude-3-5-haiku-latest', 'claude-3-5-haiku'],
    // Priced since the 2026-12-07 card (docs/cost.md), so a dated id is a variant, no longer a family guess.
    ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet'],
    ['openai/gpt-5-2025-08-07', 'gpt-5'],
    ['gpt-5-mini-2025-08-07', 'gpt-5-mini'],
    ['openrouter/openai/codex-mini-latest', 'codex-mini-latest'],
    ['gemini/gemini-2.5-pro', 'gemini-2.5-pro'],
    ['gemini-2.5-pro-preview-06-05', 'gemini-2.5-pro'],
    ['gemini-2.5-flash-lite-preview-09-2025', 'gemini-2.5-flash-lite'],
  ])('matches the decorated id %s to %s as a variant', (model, matched) => {
    expect(matchModel(card, model)).toEqual({ matchedModel: matched, matchKind: 'variant' });
  });

  it.each([
    ['claude-opus-4-9', 'claude-opus-4-8'],
    ['claude-opus-4-9-20270101[1m]', 'claude-opus-4-8'],
    ['claude-opus-4-3', 'claude-opus-4-1'],
    ['claude-sonnet-4-7', 'claude-sonnet-4-6'],
    ['claude-sonnet-5-7', 'claude-sonnet-5-5'],
    ['claude-haiku-4-6', 'claude-haiku-4-5'],
    ['claude-3-6-sonnet-20241022', 'claude-3-5-sonnet'],
    ['gpt-5.4-codex', 'gpt-5.3-codex'],
    ['gpt-5.2-codex-mini', 'gpt-5.1-codex-mini'],
    ['gemini-2.7-pro', 'gemini-2.5-pro'],
  ])('matches the unknown version %s to its nearest family member %s', (model, matched) => {
    expect(matchModel(card, model)).toEqual({ matchedModel: matched, matchKind: 'family' });
  });

  it.each(['claude-opus-6', 'gemini-3-pro', 'gpt-6-sol', 'llama-3', 'mystery', ''])('leaves %j unknown rather than guessing across generations', (model) => {
    expect(matchModel(card, model)).toEqual({ matchedModel: null, matchKind: 'unknown' });
  });

  it('gives the same answer however often it is asked', () => {
    const first = matchModel(card, 'claude-opus-4-9');
    expect(matchModel(card, 'claude-opus-4-9')).toEqual(first);
  });
});

describe('idVariants', () => {
  it('removes one decoration at a time, lowercased first', () => {
    expect(idVariants('Bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0')).toEqual([
      'bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'claude-sonnet-4-5-20250929-v1:0',
      'claude-sonnet-4-5-20250929',
      'claude-sonnet-4-5',
    ]);
  });
});

describe('parseFamily', () => {
  it.each([
    ['claude-opus-4-8', { family: 'claude-opus', major: 4, minor: 8 }],
    ['claude-opus-4', { family: 'claude-opus', major: 4, minor: 0 }],
    ['claude-3-7-sonnet', { family: 'claude-sonnet', major: 3, minor: 7 }],
    ['gpt-5.1-codex-mini', { family: 'gpt-*-codex-mini', major: 5, minor: 1 }],
    ['gemini-2.5-flash-lite', { family: 'gemini-*-flash-lite', major: 2, minor: 5 }],
    ['codex-mini-latest', null],
  ])('reads %s as %j', (id, family) => {
    expect(parseFamily(id)).toEqual(family);
  });
});
