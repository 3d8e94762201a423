/**
 * Re-pricing is an explicit operation (a new card never silently rewrites history): the service
 * selects the records of a period, calls this, and stores the result with the new card version.
 */
import { sumMicros, type Micros } from './money.ts';
import { priceUsage, type PricedUsage, type PriceOptions } from './pricing.ts';
import type { RateCard } from './rate-card.ts';
import type { Usage } from './usage.ts';

/** The minimum a stored record needs to be priced again. */
export interface RepriceableRecord {
  model: string;
  usage: Usage;
  costMicros: Micros;
}

/** A record with its new price; `previousCostMicros` keeps the old one for the audit trail. */
export type RepricedRecord<T extends RepriceableRecord> = Omit<T, 'costMicros'> &
  Omit<PricedUsage, 'costMicros'> & { costMicros: Micros; previousCostMicros: Micros };

export interface RepriceResult<T extends RepriceableRecord> {
  records: RepricedRecord<T>[];
  totalBeforeMicros: Micros;
  totalAfterMicros: Micros;
  deltaMicros: Micros;
  /** Distinct model ids the new card does not know (priced 0, flagged). */
  unknownModels: string[];
}

/** Prices every record with `card`; pure, the input records are not modified. */
export function repriceRecords<T extends RepriceableRecord>(records: readonly T[], card: RateCard, options?: PriceOptions): RepriceResult<T> {
  const repriced = records.map((r) => ({ ...r, ...priceUsage(card, r.model, r.usage, options), previousCostMicros: r.costMicros }));
  const totalBeforeMicros = sumMicros(records.map((r) => r.costMicros));
  const totalAfterMicros = sumMicros(repriced.map((r) => r.costMicros));
  const unknownModels = [...new Set(repriced.filter((r) => r.flag === 'unknown_model').map((r) => r.model))].sort();
  return { records: repriced, totalBeforeMicros, totalAfterMicros, deltaMicros: totalAfterMicros - totalBeforeMicros, unknownModels };
}
