import { describe, expect, it } from 'vitest';
import { eventInput } from './event-input.ts';

const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe('eventInput', () => {
  it('takes the account from the publisher’s header first, else from the payload’s accountId', () => {
    expect(eventInput('system.dcg', bytes({ type: 'decision' }), 'acct-a')?.account).toBe('acct-a');
    expect(eventInput('system.alerts', bytes({ accountId: 'acct-b' }), 'acct-a')?.account).toBe('acct-a');
    expect(eventInput('system.alerts', bytes({ accountId: 'acct-b' }))?.account).toBe('acct-b');
  });

  it('names no account when neither does', () => {
    expect(eventInput('system.alerts', bytes({ accountId: 7 }))?.account).toBeUndefined();
    expect(eventInput('system.fleet', bytes({}))).not.toHaveProperty('account');
  });
});
