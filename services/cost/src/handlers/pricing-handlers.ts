/** Estimate, rate-card import/list and explicit re-pricing. */
import {
  AppError,
  type Estimate,
  type EstimateRequest,
  type RateCardImport,
  type RateCardInfo,
  type RepriceRequest,
  type RepriceResult,
} from '@flywheel/contracts';
import { microsToUsdNumber, priceUsage, rateCardFromLiteLlm } from '../domain/index.ts';
import type { CostContext } from '../runtime/cost-context.ts';

export function estimate(c: CostContext, req: EstimateRequest): Estimate {
  const card = c.book.at(c.now());
  const p = priceUsage(card, req.model, req.usage);
  return {
    costUsd: microsToUsdNumber(p.costMicros),
    costMicros: p.costMicros,
    breakdown: p.breakdown,
    tier: p.tier,
    rateCard: { id: p.rateCardId, version: p.rateCardVersion, matchedModel: p.matchedModel, matchKind: p.matchKind },
    ...(p.flag ? { flag: p.flag } : {}),
  };
}

/** Parses the whole file first: a malformed entry fails the import and nothing is stored. */
export function importRateCard(c: CostContext, req: RateCardImport): RateCardInfo {
  const effectiveFrom = new Date(req.effectiveFrom).toISOString();
  const card = rateCardFromLiteLlm(req.prices, { id: req.id, version: req.version, effectiveFrom, source: req.source });
  if (Object.keys(card.models).length === 0) throw new AppError('BAD_REQUEST', 'invalid LiteLLM rate card: no model has token prices');
  const row = c.cards.insert(card, JSON.stringify(req.prices), new Date(c.now()).toISOString());
  c.book.add(card);
  c.logger.info({ id: card.id, version: card.version, models: row.models, effectiveFrom }, 'rate card imported');
  return row;
}

export const listRateCards = (c: CostContext): { items: RateCardInfo[] } => ({ items: c.cards.list() });

export function reprice(c: CostContext, req: RepriceRequest): RepriceResult {
  const card = req.rateCardId || req.rateCardVersion ? findCard(c, req.rateCardId ?? 'flywheel-default', req.rateCardVersion) : c.book.at(c.now());
  const r = c.reprice.period(card, Date.parse(req.from), Date.parse(req.to));
  // Budget spend is derived from the records: reload it from the new prices.
  c.tracker.resync();
  c.flushOutbox();
  c.logger.info({ from: req.from, to: req.to, card: `${card.id}@${card.version}`, records: r.records.length, delta: r.deltaMicros }, 'period re-priced');
  return {
    records: r.records.length,
    totalBeforeMicros: r.totalBeforeMicros,
    totalAfterMicros: r.totalAfterMicros,
    deltaMicros: r.deltaMicros,
    unknownModels: r.unknownModels,
    rateCard: { id: card.id, version: card.version },
  };
}

function findCard(c: CostContext, id: string, version?: string) {
  const card = version ? c.book.find(id, version) : [...c.book.all()].reverse().find((k) => k.id === id);
  if (!card) throw new AppError('NOT_FOUND', `rate card ${id}${version ? `@${version}` : ''} not found`);
  return card;
}
