import { describe, expect, it } from 'vitest';
import { providerFor } from './provider.ts';

describe('providerFor', () => {
  it('maps drivers and known agent programs to their provider', () => {
    expect(providerFor('sdk')).toBe('anthropic');
    expect(providerFor('codex')).toBe('openai');
    expect(providerFor('acp', ['npx', '@google/gemini-cli'])).toBeUndefined();
    expect(providerFor('acp', ['/usr/local/bin/gemini', '--experimental-acp'])).toBe('google');
    expect(providerFor('tmux', ['claude'])).toBe('anthropic');
    expect(providerFor('tmux', ['bash'])).toBeUndefined();
  });
});
