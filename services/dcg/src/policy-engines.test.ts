import { describe, expect, it } from 'vitest';
import { createEngine } from './engine.ts';
import { engineSelection, type PackAction } from './pack-policy.ts';
import { loadStoredPacks, PolicyEngines } from './policy-engines.ts';

const lsPack = JSON.stringify({
  id: 'team.nols',
  name: 'No ls',
  keywords: ['ls'],
  rules: [{ id: 'ls', severity: 'low', pattern: String.raw`^ls\b`, explanation: 'Listing is not allowed here.' }],
});
const stored = (rows: [string, string, PackAction][]) => {
  const m = new Map<string, Map<string, PackAction>>();
  for (const [k, p, a] of rows) m.set(k, (m.get(k) ?? new Map()).set(p, a));
  return m;
};
const DROP = 'psql -c "DROP TABLE users"';

describe('PolicyEngines', () => {
  it('with nothing stored: core packs deny, optional packs ask, plain commands are allowed', () => {
    const p = new PolicyEngines({ actions: new Map(), custom: [], defaultPacks: [], failMode: 'closed' });
    const e = p.engineFor({});
    expect(e.check('git reset --hard').decision).toBe('deny');
    expect(e.check(DROP).decision).toBe('ask');
    expect(e.check('ls -la').decision).toBe('allow');
  });

  it('an account’s, project’s or profile’s pack actions apply to that scope only', () => {
    const actions = stored([
      ['account:a', 'database', 'off'],
      ['account:b', 'core.git', 'warn'],
      ['project:p', 'database', 'deny'],
    ]);
    const p = new PolicyEngines({ actions, custom: [], defaultPacks: [], failMode: 'closed' });
    expect(p.engineFor({ accountId: 'a' }).check(DROP).decision).toBe('allow');
    expect(p.engineFor({ accountId: 'c' }).check(DROP).decision).toBe('ask');
    expect(p.engineFor({ accountId: 'b' }).check('git reset --hard').decision).toBe('warn');
    expect(p.engineFor({ accountId: 'a', projectId: 'p' }).check(DROP).decision).toBe('deny');
  });

  it('a stored custom pack denies for everyone until a scope turns it off; one that no longer loads is skipped and named', () => {
    const skipped: string[] = [];
    const custom = loadStoredPacks(
      [
        { id: 'team.nols', source: lsPack, format: 'json' },
        { id: 'broken', source: 'id: [unclosed', format: 'yaml' },
      ],
      (id) => skipped.push(id),
    );
    expect(skipped).toEqual(['broken']);
    const p = new PolicyEngines({ actions: stored([['account:a', 'team.nols', 'off']]), custom, defaultPacks: [], failMode: 'closed' });
    expect(p.engineFor({}).check('ls').decision).toBe('deny');
    expect(p.engineFor({ accountId: 'a' }).check('ls').decision).toBe('allow');
  });

  it('selects the same engines as building them from engineSelection directly (as the safety policy did before the move)', () => {
    const custom = loadStoredPacks([{ id: 'team.nols', source: lsPack, format: 'json' }], () => {});
    const actions = stored([
      ['global', 'cloud', 'off'],
      ['account:a', 'team.nols', 'off'],
      ['profile:f', 'secrets', 'deny'],
    ]);
    const inputs = { actions, custom, defaultPacks: ['containers'], failMode: 'open' as const, tmpdir: '/scratch' };
    const p = new PolicyEngines(inputs);
    for (const scope of [{}, { accountId: 'a' }, { accountId: 'a', profileId: 'f' }, { projectId: 'x' }]) {
      const sel = engineSelection(p.defaults, p.packsFor(scope));
      const direct = createEngine({
        packs: sel.packs,
        customPacks: custom.filter((c) => !sel.customOff.has(c.id)),
        packActions: sel.packActions,
        failMode: 'open',
        tmpdir: '/scratch',
      });
      expect(p.engineFor(scope).listPacks()).toEqual(direct.listPacks());
      expect(p.engineFor(scope).check('rm -rf /scratch/build').decision).toBe(direct.check('rm -rf /scratch/build').decision);
    }
  });

  it('scopes with the same effective packs share one engine', () => {
    const p = new PolicyEngines({ actions: stored([['account:a', 'cloud', 'off']]), custom: [], defaultPacks: [], failMode: 'closed' });
    expect(p.engineFor({ accountId: 'b' })).toBe(p.engineFor({}));
    expect(p.engineFor({ accountId: 'a' })).not.toBe(p.engineFor({}));
  });
});
