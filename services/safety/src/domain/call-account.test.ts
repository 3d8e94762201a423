import { describe, expect, it } from 'vitest';
import { callAccount } from './call-account.ts';

describe('callAccount', () => {
  it('holds a limited caller to its own account whatever it names', () => {
    expect(callAccount({ accountId: 'acct-a', role: 'operator' }, 'acct-b')).toBe('acct-a');
    expect(callAccount({ accountId: 'acct-a', role: 'viewer' })).toBe('acct-a');
  });

  it('takes the named account from admins and internal callers, else their header', () => {
    expect(callAccount({}, 'acct-b')).toBe('acct-b');
    expect(callAccount({ accountId: 'ops', role: 'admin' }, 'acct-b')).toBe('acct-b');
    expect(callAccount({ accountId: 'ops', role: 'admin' })).toBe('ops');
    expect(callAccount({})).toBeUndefined();
  });
});
