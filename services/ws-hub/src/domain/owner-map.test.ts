import { describe, expect, it } from 'vitest';
import { OwnerMap } from './owner-map.ts';

describe('OwnerMap', () => {
  it('learns the owner from the accountId of a state event', () => {
    const owners = new OwnerMap();
    owners.learn('ag_1', { accountId: 'acct_a' }, 'acct_header');
    expect(owners.ownerOf('ag_1')).toBe('acct_a');
  });

  it('falls back to the account header when the event carries no usable accountId', () => {
    const owners = new OwnerMap();
    owners.learn('ag_1', { accountId: '' }, 'acct_h');
    owners.learn('ag_2', { accountId: 'x'.repeat(101) }, 'acct_h');
    expect([owners.ownerOf('ag_1'), owners.ownerOf('ag_2')]).toEqual(['acct_h', 'acct_h']);
  });

  it('learns nothing without an agent id or any owner', () => {
    const owners = new OwnerMap();
    owners.learn(undefined, { accountId: 'acct_a' }, undefined);
    owners.learn('ag_1', {}, undefined);
    expect(owners.size).toBe(0);
  });
});
