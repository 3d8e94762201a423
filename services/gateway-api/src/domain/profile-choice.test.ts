import { describe, expect, it } from 'vitest';
import type { ProviderProfile } from '@flywheel/contracts';
import { nextProfile, pickProfile } from './profile-choice.ts';

const p = (id: string, over: Partial<ProviderProfile> = {}): ProviderProfile => ({
  id,
  accountId: 'a',
  provider: 'anthropic',
  name: id,
  envKeys: ['ANTHROPIC_API_KEY'],
  priority: 100,
  active: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
});
const NOW = Date.parse('2026-06-01T00:00:00Z');

describe('pickProfile', () => {
  it('takes the active profile of the provider with the lowest priority', () => {
    expect(pickProfile([p('b', { priority: 5 }), p('a', { priority: 1 }), p('o', { provider: 'openai', priority: 0 })], 'anthropic', NOW)?.id).toBe('a');
  });

  it('skips inactive profiles and those cooling after a rate limit', () => {
    const all = [p('a', { active: false, priority: 1 }), p('b', { priority: 2, coolingUntil: '2026-06-01T01:00:00Z' }), p('c', { priority: 3 })];
    expect(pickProfile(all, 'anthropic', NOW)?.id).toBe('c');
    expect(pickProfile(all, 'openai', NOW)).toBeUndefined();
  });
});

describe('nextProfile', () => {
  it('moves to the next usable profile in order and wraps around, never back to the one that hit the limit', () => {
    const all = [p('a', { priority: 1 }), p('b', { priority: 2 }), p('c', { priority: 3 })];
    expect(nextProfile(all, 'anthropic', 'b', NOW)?.id).toBe('c');
    expect(nextProfile(all, 'anthropic', 'c', NOW)?.id).toBe('a');
    expect(nextProfile([p('a')], 'anthropic', 'a', NOW)).toBeUndefined();
  });
});
