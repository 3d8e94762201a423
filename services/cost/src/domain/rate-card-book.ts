/**
 * The set of card versions the service knows, ordered by effective date. A record is priced with
 * the newest card effective at its time; records older than every card use the oldest one.
 */
import type { RateCard } from './rate-card.ts';

export class RateCardBook {
  private cards: RateCard[] = [];

  constructor(cards: readonly RateCard[] = []) {
    for (const c of cards) this.add(c);
  }

  /** Adds (or replaces the same id+version); ordering by effective date, then insertion. */
  add(card: RateCard): void {
    this.cards = this.cards.filter((c) => !(c.id === card.id && c.version === card.version));
    this.cards.push(card);
    this.cards.sort((a, b) => Date.parse(a.effectiveFrom) - Date.parse(b.effectiveFrom));
  }

  /** The card effective at `tsMs`. @throws Error when the book is empty (the default is always seeded). */
  at(tsMs: number): RateCard {
    let pick = this.cards[0];
    for (const c of this.cards) if (Date.parse(c.effectiveFrom) <= tsMs) pick = c;
    if (!pick) throw new Error('no rate card loaded');
    return pick;
  }

  latest(): RateCard {
    return this.at(Number.MAX_SAFE_INTEGER);
  }

  find(id: string, version: string): RateCard | undefined {
    return this.cards.find((c) => c.id === id && c.version === version);
  }

  all(): readonly RateCard[] {
    return this.cards;
  }
}
