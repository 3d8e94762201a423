import { describe, expect, it } from 'vitest';
import { canTransition, transitionRecommendation, type RecommendationStatus } from './recommendation-status.ts';

describe('transitionRecommendation', () => {
  it.each([
    ['pending', 'applied'],
    ['pending', 'dismissed'],
  ] as const)('moves a recommendation from %s to %s', (from, to) => {
    expect(transitionRecommendation(from, to)).toBe(to);
  });

  it.each([
    ['pending', 'pending'],
    ['applied', 'dismissed'],
    ['applied', 'pending'],
    ['dismissed', 'applied'],
    ['dismissed', 'pending'],
  ] as const)('refuses %s → %s with CONFLICT', (from, to) => {
    expect(() => transitionRecommendation(from, to)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('agrees with canTransition for every pair', () => {
    const all: RecommendationStatus[] = ['pending', 'applied', 'dismissed'];
    const legal = all.flatMap((from) => all.filter((to) => canTransition(from, to)).map((to) => `${from}>${to}`));
    expect(legal).toEqual(['pending>applied', 'pending>dismissed']);
  });
});
