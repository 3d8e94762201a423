/**
 * Resolves a reported model id to a rate-card entry, recording how it was matched:
 * 1. exact: the id is a card key as given;
 * 2. variant: a card key after removing decorations (case, [1m], provider/region prefixes,
 *    Bedrock/Vertex version tags, date snapshots, -latest, -preview) — see idVariants;
 * 3. family: same family and same major version (claude-opus 4.x, gpt-*-codex 5.x), choosing the
 *    nearest lower minor version, else the nearest higher one, ties broken by id order. So
 *    claude-opus-4-9 prices as claude-opus-4-8 ($5/$25, the Opus 4.5+ price) and gpt-5.4-codex
 *    as gpt-5.3-codex. A new major version (claude-opus-6, gemini-3-pro) is NOT guessed: prices
 *    change between generations, so it stays unknown and is flagged rather than mispriced;
 * 4. unknown: priced 0 and flagged by the caller.
 * Deterministic: depends only on the id and the set of card keys.
 */
import { idVariants, parseFamily, type ModelFamily } from './model-id.ts';
import type { RateCard } from './rate-card.ts';

export type MatchKind = 'exact' | 'variant' | 'family' | 'unknown';

/** How a reported id was resolved; `matchedModel` is null only for 'unknown'. */
export interface ModelMatch {
  matchedModel: string | null;
  matchKind: MatchKind;
}

const MEMO_LIMIT = 10_000;
const memo = new WeakMap<RateCard, { keys: ReadonlySet<string>; byId: Map<string, ModelMatch> }>();

/** Matches `model` against the card's keys (memoised per card; cards are immutable). */
export function matchModel(card: RateCard, model: string): ModelMatch {
  let entry = memo.get(card);
  if (!entry) memo.set(card, (entry = { keys: new Set(Object.keys(card.models)), byId: new Map() }));
  let match = entry.byId.get(model);
  if (!match) {
    // Bounded: ids come from the outside, so a flood of novel ids must not grow memory forever.
    if (entry.byId.size >= MEMO_LIMIT) entry.byId.clear();
    entry.byId.set(model, (match = resolve(entry.keys, model)));
  }
  return match;
}

function resolve(keys: ReadonlySet<string>, model: string): ModelMatch {
  if (keys.has(model)) return { matchedModel: model, matchKind: 'exact' };
  const variants = idVariants(model);
  const variant = variants.find((v) => keys.has(v));
  if (variant) return { matchedModel: variant, matchKind: 'variant' };
  const normalised = variants[variants.length - 1];
  const family = normalised ? nearestInFamily([...keys], normalised) : null;
  if (family) return { matchedModel: family, matchKind: 'family' };
  return { matchedModel: null, matchKind: 'unknown' };
}

function nearestInFamily(keys: readonly string[], id: string): string | null {
  const wanted = parseFamily(id);
  if (!wanted) return null;
  const siblings = keys
    .map((key) => ({ key, f: parseFamily(key) }))
    .filter((s): s is { key: string; f: ModelFamily } => s.f !== null && s.f.family === wanted.family && s.f.major === wanted.major)
    .sort((a, b) => a.f.minor - b.f.minor || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const lower = siblings.filter((s) => s.f.minor <= wanted.minor);
  const pick = lower.length > 0 ? lower.filter((s) => s.f.minor === lower[lower.length - 1]!.f.minor)[0] : siblings[0];
  return pick?.key ?? null;
}
