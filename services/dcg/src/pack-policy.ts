/**
 * The effective pack policy for one agent: every pack's action (deny, ask, warn, off) and where it came from.
 * Layers, weakest first: the pack's built-in default, the service config (DCG_PACKS), global, account, project,
 * profile; the most specific layer that names a pack wins.
 */
export type PackAction = 'deny' | 'ask' | 'warn' | 'off';
export type PackScopeKind = 'global' | 'account' | 'project' | 'profile';
export type PolicySource = 'default' | 'config' | PackScopeKind;

export interface PolicyScope {
  accountId?: string;
  projectId?: string;
  profileId?: string;
}

/** What the policy needs to know of a pack. */
export interface PackDefaults {
  id: string;
  /** Core packs cannot be turned off. */
  alwaysOn: boolean;
  custom: boolean;
  defaultAction: 'deny' | 'ask' | 'warn';
}

export interface EffectivePack {
  packId: string;
  action: PackAction;
  source: PolicySource;
  /** The account, project or profile id of the layer that set it. */
  scopeId?: string;
}

export const scopeKey = (scope: 'global' | PackScopeKind, id?: string): string => (scope === 'global' ? 'global' : `${scope}:${id}`);

/** The stored layers that apply to a scope, weakest first. */
export function layersOf(scope: PolicyScope): { source: PackScopeKind; key: string; scopeId?: string }[] {
  const out: { source: PackScopeKind; key: string; scopeId?: string }[] = [{ source: 'global', key: 'global' }];
  if (scope.accountId) out.push({ source: 'account', key: scopeKey('account', scope.accountId), scopeId: scope.accountId });
  if (scope.projectId) out.push({ source: 'project', key: scopeKey('project', scope.projectId), scopeId: scope.projectId });
  if (scope.profileId) out.push({ source: 'profile', key: scopeKey('profile', scope.profileId), scopeId: scope.profileId });
  return out;
}

/**
 * Every pack's effective action. `configured`: packs the service config names (DCG_PACKS), an explicit choice
 * that keeps their rules' own actions; `stored`: per scope key, per pack id, the action set there.
 */
export function effectivePacks(
  packs: readonly PackDefaults[],
  configured: readonly string[],
  stored: ReadonlyMap<string, ReadonlyMap<string, PackAction>>,
  scope: PolicyScope,
): EffectivePack[] {
  const layers = layersOf(scope);
  const fromConfig = new Set(configured);
  return packs.map((p) => {
    let eff: EffectivePack = fromConfig.has(p.id)
      ? { packId: p.id, action: 'deny', source: 'config' }
      : { packId: p.id, action: p.defaultAction, source: 'default' };
    for (const layer of layers) {
      const action = stored.get(layer.key)?.get(p.id);
      if (action === undefined || (action === 'off' && p.alwaysOn)) continue;
      eff = { packId: p.id, action, source: layer.source, ...(layer.scopeId !== undefined ? { scopeId: layer.scopeId } : {}) };
    }
    return eff;
  });
}

/** What an engine needs: the optional built-in packs on, the custom packs off, and each pack's action cap. */
export function engineSelection(packs: readonly PackDefaults[], eff: readonly EffectivePack[]) {
  const byId = new Map(packs.map((p) => [p.id, p]));
  const on = eff.filter((e) => e.action !== 'off');
  return {
    packs: on
      .filter((e) => !byId.get(e.packId)?.alwaysOn && !byId.get(e.packId)?.custom)
      .map((e) => e.packId)
      .sort(),
    customOff: new Set(eff.filter((e) => e.action === 'off' && byId.get(e.packId)?.custom).map((e) => e.packId)),
    packActions: Object.fromEntries(on.map((e) => [e.packId, e.action as 'deny' | 'ask' | 'warn'])),
    key: on
      .map((e) => `${e.packId}=${e.action}`)
      .sort()
      .join(','),
  };
}
