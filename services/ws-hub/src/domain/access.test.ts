import { describe, expect, it } from 'vitest';
import { parseChannel, type Principal } from '@flywheel/contracts';
import { canSee, canSubscribe } from './access.ts';

const owners = { ownerOf: (id: string) => ({ a1: 'acct-a', b1: 'acct-b' })[id] };
const viewerA: Principal = { accountId: 'acct-a', role: 'viewer' };
const admin: Principal = { accountId: 'ops', role: 'admin' };
const fam = (c: string) => parseChannel(c)!.family;

describe('canSubscribe', () => {
  it('refuses a viewer a concrete channel of another account’s agent', () => {
    expect(canSubscribe(viewerA, fam('agent:output:b1'), 'b1', owners)).toBe(false);
    expect(canSubscribe(viewerA, fam('agent:output:a1'), 'a1', owners)).toBe(true);
  });

  it('lets admins and wildcards through', () => {
    expect(canSubscribe(admin, fam('agent:output:b1'), 'b1', owners)).toBe(true);
    expect(canSubscribe(viewerA, fam('agent:output:*'), '*', owners)).toBe(true);
  });
});

describe('canSee', () => {
  it('shows a viewer only its own agents and notifications', () => {
    expect(canSee(viewerA, fam('agent:output:a1'), 'a1', owners)).toBe(true);
    expect(canSee(viewerA, fam('agent:output:b1'), 'b1', owners)).toBe(false);
    expect(canSee(viewerA, fam('agent:output:zz'), 'zz', owners)).toBe(false);
    expect(canSee(viewerA, fam('user:notifications:acct-b'), 'acct-b', owners)).toBe(false);
    expect(canSee(viewerA, fam('system:alerts'), undefined, owners)).toBe(true);
  });
});
