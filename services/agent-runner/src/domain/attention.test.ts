import { describe, expect, it } from 'vitest';
import { attentionOf } from './agent-record.ts';

const a = (over: Partial<Parameters<typeof attentionOf>[0]>) =>
  attentionOf({ state: 'ready', activity: 'idle', pauseReason: null, attentionFlag: null, ...over });

describe('attentionOf', () => {
  it('derives what the agent needs from a person; the first that holds wins', () => {
    expect(a({})).toBe('none');
    expect(a({ state: 'failed' })).toBe('error');
    expect(a({ state: 'paused', pauseReason: 'usage_limit', attentionFlag: 'approval' })).toBe('usage_limit');
    expect(a({ state: 'paused', pauseReason: 'budget' })).toBe('none');
    expect(a({ state: 'executing', activity: 'stalled', attentionFlag: 'approval' })).toBe('approval');
    expect(a({ attentionFlag: 'error' })).toBe('error');
    expect(a({ state: 'executing', activity: 'stalled' })).toBe('stalled');
    expect(a({ attentionFlag: 'input' })).toBe('input');
    expect(a({ state: 'executing', attentionFlag: 'input' })).toBe('none');
    expect(a({ state: 'terminated', attentionFlag: 'input' })).toBe('none');
  });
});
