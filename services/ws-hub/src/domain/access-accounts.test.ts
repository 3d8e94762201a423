import { describe, expect, it } from 'vitest';
import { parseChannel, type Principal } from '@flywheel/contracts';
import { canSee } from './access.ts';

const owners = { ownerOf: () => undefined };
const viewerA: Principal = { accountId: 'acct-a', role: 'viewer' };
const admin: Principal = { accountId: 'ops', role: 'admin' };
const fam = (c: string) => parseChannel(c)!.family;

describe('canSee for system families', () => {
  it('shows a dcg event to its own account and admins only, and one of no account to admins only', () => {
    expect(canSee(viewerA, fam('system:dcg'), undefined, owners, 'acct-a')).toBe(true);
    expect(canSee(viewerA, fam('system:dcg'), undefined, owners, 'acct-b')).toBe(false);
    expect(canSee(viewerA, fam('system:dcg'), undefined, owners, undefined)).toBe(false);
    expect(canSee(admin, fam('system:dcg'), undefined, owners, 'acct-b')).toBe(true);
    expect(canSee(admin, fam('system:dcg'), undefined, owners, undefined)).toBe(true);
  });

  it('filters alerts, budget and cost events by the account they name, and shows those naming none to everyone', () => {
    for (const f of ['system:alerts', 'system:budget', 'system:cost']) {
      expect(canSee(viewerA, fam(f), undefined, owners, 'acct-a')).toBe(true);
      expect(canSee(viewerA, fam(f), undefined, owners, 'acct-b')).toBe(false);
      expect(canSee(viewerA, fam(f), undefined, owners, undefined)).toBe(true);
      expect(canSee(admin, fam(f), undefined, owners, 'acct-b')).toBe(true);
    }
  });

  it('shows fleet and health events to everyone whatever account they name', () => {
    expect(canSee(viewerA, fam('system:fleet'), undefined, owners, 'acct-b')).toBe(true);
    expect(canSee(viewerA, fam('system:health'), undefined, owners, undefined)).toBe(true);
  });

  it('shows reservations, conflicts, handoffs and messages to their account only, and those naming none to admins only', () => {
    for (const name of ['workspace:reservations', 'workspace:conflicts', 'workspace:handoffs', 'workspace:messages', 'workspace:tasks']) {
      const f = fam(`${name}:prj_1`);
      expect(canSee(viewerA, f, 'prj_1', owners, 'acct-a'), name).toBe(true);
      expect(canSee(viewerA, f, 'prj_1', owners, 'acct-b'), name).toBe(false);
      expect(canSee(viewerA, f, 'prj_1', owners, undefined), name).toBe(false);
      expect(canSee(admin, f, 'prj_1', owners, 'acct-b'), name).toBe(true);
    }
  });
});
