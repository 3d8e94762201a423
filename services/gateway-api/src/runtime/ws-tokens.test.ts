import { describe, expect, it } from 'vitest';
import { WsTokens } from './ws-tokens.ts';

const secret = Buffer.from('0123456789abcdef0123456789abcdef');
const who = { accountId: 'acct-a', role: 'viewer' as const, keyId: 'key_1' };

describe('WsTokens', () => {
  it('verifies a token it issued and returns the principal', () => {
    const t = new WsTokens(secret, 300);
    expect(t.verify(t.issue(who).token)).toEqual(who);
  });

  it('refuses an expired token', () => {
    let now = 1_000_000;
    const t = new WsTokens(secret, 60, () => now);
    const { token } = t.issue(who);
    now += 61_000;
    expect(t.verify(token)).toBeUndefined();
  });

  it('refuses a token signed with another secret or altered', () => {
    const mine = new WsTokens(secret, 300);
    const theirs = new WsTokens(Buffer.from('another secret, another gateway!'), 300);
    const { token } = theirs.issue(who);
    expect(mine.verify(token)).toBeUndefined();
    const altered = mine.issue(who).token.replace('fwt_', 'fwt_x');
    expect(mine.verify(altered)).toBeUndefined();
  });
});
