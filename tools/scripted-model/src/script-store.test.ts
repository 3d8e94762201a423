import { describe, expect, it } from 'vitest';
import { errorHeaders } from './handle-messages.ts';
import { Turn } from './script-schema.ts';
import { createScriptStore } from './script-store.ts';

const text = (t: string) => Turn.parse({ content: [{ type: 'text', text: t }] });

describe('repeating scripted errors', () => {
  it('answers an error `times` calls, then the next turn', () => {
    const store = createScriptStore(text('default'));
    store.set('k', [Turn.parse({ error: { status: 401, type: 'authentication_error', message: 'invalid x-api-key', times: 2 } }), text('after')]);
    expect(store.next('k').turn.error?.status).toBe(401);
    expect(store.next('k').turn.error?.status).toBe(401);
    expect(store.next('k').turn.content).toEqual([{ type: 'text', text: 'after' }]);
    expect(store.status().k).toMatchObject({ served: 2, remaining: 0 });
  });

  it('answers a 429 until its window ends (counted from the first call), advertising the end as the reset', () => {
    const store = createScriptStore(text('default'));
    store.set('k', [Turn.parse({ error: { status: 429, type: 'rate_limit_error', forMs: 5000 } }), text('after')]);
    const first = store.next('k', 1_000_000);
    expect(first).toMatchObject({ index: 0, resetAt: 1_005_000 });
    expect(store.next('k', 1_004_999).resetAt).toBe(1_005_000);
    expect(store.next('k', 1_005_000).turn.content).toEqual([{ type: 'text', text: 'after' }]);
  });

  it('until: an absolute end; a plain error stays one call', () => {
    const store = createScriptStore(text('default'));
    store.set('k', [Turn.parse({ error: { status: 429, until: '2030-01-01T00:00:10Z' } }), Turn.parse({ error: { status: 529 } }), text('after')]);
    expect(store.next('k', Date.parse('2030-01-01T00:00:00Z')).resetAt).toBe(Date.parse('2030-01-01T00:00:10Z'));
    expect(store.next('k', Date.parse('2030-01-01T00:00:11Z')).turn.error?.status).toBe(529);
    expect(store.next('k').turn.content).toEqual([{ type: 'text', text: 'after' }]);
  });

  it('a 429 carries retry-after, the RFC 3339 resets and the unified reset in epoch seconds', () => {
    const h = errorHeaders(429, Date.parse('2030-01-01T00:00:05Z'), Date.parse('2030-01-01T00:00:00.500Z'));
    expect(h).toMatchObject({
      'retry-after': '5',
      'anthropic-ratelimit-requests-reset': '2030-01-01T00:00:05.000Z',
      'anthropic-ratelimit-tokens-reset': '2030-01-01T00:00:05.000Z',
      'anthropic-ratelimit-unified-status': 'rejected',
      'anthropic-ratelimit-unified-reset': String(Date.parse('2030-01-01T00:00:05Z') / 1000),
    });
    expect(errorHeaders(401, Date.now())).toEqual({});
  });
});
