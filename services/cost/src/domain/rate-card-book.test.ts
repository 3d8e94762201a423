import { describe, expect, it } from 'vitest';
import { RateCardBook } from './rate-card-book.ts';
import type { RateCard } from './rate-card.ts';

const card = (version: string, effectiveFrom: string): RateCard => ({ id: 'c', version, effectiveFrom, source: 'test', models: {} });

describe('RateCardBook', () => {
  it('prices a time with the newest card effective then, and older times with the oldest card', () => {
    const book = new RateCardBook([card('v2', '2026-06-01T00:00:00Z'), card('v1', '2026-01-01T00:00:00Z')]);
    expect(book.at(Date.parse('2026-03-01T00:00:00Z')).version).toBe('v1');
    expect(book.at(Date.parse('2026-06-01T00:00:00Z')).version).toBe('v2');
    expect(book.at(Date.parse('2025-01-01T00:00:00Z')).version).toBe('v1');
    expect(book.latest().version).toBe('v2');
  });

  it('replaces a card with the same id and version', () => {
    const book = new RateCardBook([card('v1', '2026-01-01T00:00:00Z')]);
    book.add(card('v1', '2026-02-01T00:00:00Z'));
    expect(book.all()).toHaveLength(1);
    expect(book.find('c', 'v1')?.effectiveFrom).toBe('2026-02-01T00:00:00Z');
  });
});
