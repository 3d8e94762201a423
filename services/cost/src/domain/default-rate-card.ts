/**
 * The shipped default rate card: services/cost/rate-cards/default.litellm.json (LiteLLM format).
 *
 * Sources, checked 2026-11-25:
 * - Anthropic: platform.claude.com/docs/en/about-claude/pricing (base, 5m write 1.25×, 1h write 2×,
 *   cache hit 0.1×; Haiku 3 writes are $0.30/$0.50), the model overview pages for Opus 5 and
 *   Sonnet 5 ($2/$10), and Claude Code 2.1.197's own price table (read from the installed binary:
 *   it prices Fable 5 / Mythos 5 at $10/$50 with a $1 cache hit, the official rate as well).
 *   Long context: Sonnet 4 and 4.5 with the 1M beta bill the whole request at $6/$22.50 (cache
 *   read $0.60, writes $7.50/$12) once the prompt passes 200k tokens; Opus 4.6+ and Sonnet 4.6+
 *   have served 1M at standard prices since 2026-03-13, so they carry no tier.
 * - OpenAI: developers.openai.com/api/docs/models/{gpt-5-nano,gpt-5-codex,codex-mini-latest},
 *   GitHub Copilot's models-and-pricing table (gpt-5.2, gpt-5.2-codex, gpt-5.3-codex at
 *   $1.75/$0.175/$14) and the Codex credit rate card (25 credits = $1; gpt-5.1-codex-max
 *   $1.25/$0.125/$10). Cached input is 0.1× input for the GPT-5 family.
 * - Google: ai.google.dev/gemini-api/docs/pricing, standard tier (2.5 Pro $1.25/$10, above 200k
 *   $2.50/$15; cache read 0.1× input; Flash $0.30/$2.50; Flash-Lite $0.10/$0.40). Gemini's
 *   promptTokenCount includes cached tokens, so ingest must subtract them into cacheRead.
 *
 * Version 2026-12-07 adds the models Claude Code 2.1.332 can select that 2026-11-25 lacked (claude-opus-5-5, its
 * default, was priced as claude-opus-5 by family: $5/$25 where Claude Code bills $4/$20). Their prices are solved from
 * Claude Code's own costUSD against the scripted model, one token kind at a time (100,000 tokens each; the
 * observations are tools/scripted-model/test/fixtures/claude-cost-observations.json, recorded by
 * tools/scripted-model/scripts/record-cost-observations.ts), $ per million input/output/cache read/5m write/1h write:
 *   claude-opus-5-5 4/20/0.2/5/8, claude-sonnet-5-5 2/10/0.1/2.5/4, claude-fable-5-1 and claude-mythos-5-1
 *   10/50/0.25/12.5/20, claude-fable-5-2 and claude-mythos-5-2 8/40/0.2/10/16, claude-3-5-sonnet 3/15/0.3/3.75/6,
 *   claude-haiku-5-5 0.1/0.5/0.01/0.125/0.2 and, for prompts above 100,000 tokens, 0.5/2.5/0.05/0.625/1 (the only
 *   tier Claude Code itself models; LiteLLM keys `_above_100k_tokens`).
 */
import defaults from '../../rate-cards/default.litellm.json' with { type: 'json' };
import { rateCardFromLiteLlm, type RateCard } from './rate-card.ts';

export const DEFAULT_RATE_CARD_ID = 'flywheel-default';
export const DEFAULT_RATE_CARD_VERSION = '2026-12-07';

let cached: RateCard | undefined;

/** The default card, parsed once and deeply frozen (it is shared by every caller). */
export function loadDefaultRateCard(): RateCard {
  cached ??= deepFreeze(
    rateCardFromLiteLlm(defaults, {
      id: DEFAULT_RATE_CARD_ID,
      version: DEFAULT_RATE_CARD_VERSION,
      effectiveFrom: '2026-12-07T00:00:00Z',
      source: 'services/cost/rate-cards/default.litellm.json',
    }),
  );
  return cached;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
