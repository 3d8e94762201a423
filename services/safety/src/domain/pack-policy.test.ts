import { describe, expect, it } from 'vitest';
import { effectivePacks, engineSelection, type PackAction } from './pack-policy.ts';

const packs = [
  { id: 'core.git', alwaysOn: true, custom: false, defaultAction: 'deny' as const },
  { id: 'database', alwaysOn: false, custom: false, defaultAction: 'ask' as const },
  { id: 'cloud', alwaysOn: false, custom: false, defaultAction: 'ask' as const },
  { id: 'team.x', alwaysOn: false, custom: true, defaultAction: 'deny' as const },
];
const stored = (rows: [string, string, PackAction][]) => {
  const m = new Map<string, Map<string, PackAction>>();
  for (const [k, p, a] of rows) m.set(k, (m.get(k) ?? new Map()).set(p, a));
  return m;
};

describe('effective pack policy', () => {
  it('with nothing stored: every pack on at its default action', () => {
    expect(effectivePacks(packs, [], new Map(), {})).toEqual([
      { packId: 'core.git', action: 'deny', source: 'default' },
      { packId: 'database', action: 'ask', source: 'default' },
      { packId: 'cloud', action: 'ask', source: 'default' },
      { packId: 'team.x', action: 'deny', source: 'default' },
    ]);
  });

  it('the most specific layer wins and is named; config keeps the rules own actions', () => {
    const s = stored([
      ['global', 'cloud', 'off'],
      ['account:a', 'cloud', 'warn'],
      ['project:p', 'database', 'off'],
      ['profile:r', 'database', 'deny'],
      ['account:a', 'team.x', 'off'],
    ]);
    const eff = effectivePacks(packs, ['database'], s, { accountId: 'a', projectId: 'p', profileId: 'r' });
    expect(eff).toEqual([
      { packId: 'core.git', action: 'deny', source: 'default' },
      { packId: 'database', action: 'deny', source: 'profile', scopeId: 'r' },
      { packId: 'cloud', action: 'warn', source: 'account', scopeId: 'a' },
      { packId: 'team.x', action: 'off', source: 'account', scopeId: 'a' },
    ]);
    expect(effectivePacks(packs, ['database'], s, { projectId: 'p' }).find((e) => e.packId === 'database')).toEqual({
      packId: 'database',
      action: 'off',
      source: 'project',
      scopeId: 'p',
    });
    expect(effectivePacks(packs, ['database'], s, {}).find((e) => e.packId === 'database')).toEqual({ packId: 'database', action: 'deny', source: 'config' });
    const sel = engineSelection(packs, eff);
    expect(sel.packs).toEqual(['cloud', 'database']);
    expect([...sel.customOff]).toEqual(['team.x']);
    expect(sel.packActions).toEqual({ 'core.git': 'deny', database: 'deny', cloud: 'warn' });
  });

  it('a core pack cannot be turned off', () => {
    const eff = effectivePacks(
      packs,
      [],
      stored([
        ['global', 'core.git', 'off'],
        ['project:p', 'core.git', 'ask'],
      ]),
      { projectId: 'p' },
    );
    expect(eff[0]).toEqual({ packId: 'core.git', action: 'ask', source: 'project', scopeId: 'p' });
    expect(effectivePacks(packs, [], stored([['global', 'core.git', 'off']]), {})[0]).toEqual({ packId: 'core.git', action: 'deny', source: 'default' });
  });
});
