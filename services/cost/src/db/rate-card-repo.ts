/** Rate-card versions in SQLite: the LiteLLM JSON as imported, rebuilt into cards at boot. */
import { AppError, type RateCardInfo } from '@flywheel/contracts';
import { rateCardFromLiteLlm, type RateCard } from '../domain/index.ts';
import type { CostDb } from './cost-db.ts';

export function createRateCardRepo(db: CostDb) {
  const sqlite = db.$client;
  const insert = sqlite.prepare(`INSERT INTO rate_cards (id, version, effective_from, effective_ms, source, prices_json, models, imported_at)
    VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (id, version) DO NOTHING`);
  const all = sqlite.prepare('SELECT id, version, effective_from AS effectiveFrom, source, prices_json AS pricesJson FROM rate_cards ORDER BY effective_ms');
  const list = sqlite.prepare(`SELECT id, version, effective_from AS effectiveFrom, source, models, imported_at AS importedAt FROM rate_cards
    ORDER BY effective_ms DESC, imported_at DESC`);
  const put = (card: RateCard, json: string, at: string) =>
    insert.run(card.id, card.version, card.effectiveFrom, Date.parse(card.effectiveFrom), card.source, json, Object.keys(card.models).length, at).changes;
  return {
    /** Stores a parsed card with its source JSON. @throws AppError CONFLICT when the id+version exists. */
    insert(card: RateCard, pricesJson: string, importedAt: string): RateCardInfo {
      if (put(card, pricesJson, importedAt) === 0)
        throw new AppError('CONFLICT', `rate card ${card.id} version ${card.version} already exists`, { id: card.id, version: card.version });
      return {
        id: card.id,
        version: card.version,
        effectiveFrom: card.effectiveFrom,
        source: card.source,
        models: Object.keys(card.models).length,
        importedAt,
      };
    },
    /** Inserts unless present (the shipped default at boot). */
    ensure(card: RateCard, pricesJson: string, importedAt: string): void {
      put(card, pricesJson, importedAt);
    },
    loadAll(): RateCard[] {
      const rows = all.all() as { id: string; version: string; effectiveFrom: string; source: string; pricesJson: string }[];
      return rows.map((r) => rateCardFromLiteLlm(JSON.parse(r.pricesJson), { id: r.id, version: r.version, effectiveFrom: r.effectiveFrom, source: r.source }));
    },
    list: (): RateCardInfo[] => list.all() as RateCardInfo[],
  };
}
export type RateCardRepo = ReturnType<typeof createRateCardRepo>;
