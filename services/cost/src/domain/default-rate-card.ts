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
 */
import defaults from '../../rate-cards/default.litellm.json' with { type: 'json' };
import { rateCardFromLiteLlm, type RateCard } from './rate-card.ts';

export const DEFAULT_RATE_CARD_ID = 'flywheel-default';
export const DEFAULT_RATE_CARD_VERSION = '2026-11-25';

let cached: RateCard | undefined;

/** The default card, parsed once and deeply frozen (it is shared by every caller). */
export function loadDefaultRateCard(): RateCard {
  cached ??= deepFreeze(
    rateCardFromLiteLlm(defaults, {
      id: DEFAULT_RATE_CARD_ID,
      version: DEFAULT_RATE_CARD_VERSION,
      effectiveFrom: '2026-11-25T00:00:00Z',
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
