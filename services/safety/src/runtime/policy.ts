import { createEngine, listPacks, loadCustomPack, type Engine, type Pack } from '@flywheel/dcg';
import type { Logger } from '@flywheel/kit';
import type { RuleAction, StoredAllow } from '../domain/policy-records.ts';
import type { SafetyDb } from '../db/safety-db.ts';
import { createPolicyRepo, type PolicyRepo } from '../db/policy-repo.ts';
import { effectivePacks, engineSelection, type EffectivePack, type PackAction, type PackDefaults, type PolicyScope } from '../domain/pack-policy.ts';
import { quorumPolicy, type QuorumPolicy } from '../domain/quorum.ts';

export interface PolicyOptions {
  failMode: 'open' | 'closed';
  /** Packs the config names (DCG_PACKS): kept at their rules' own actions unless a scope says otherwise. */
  defaultPacks: string[];
  /** Approvals a critical rule needs when no global or project setting says (DCG_CRITICAL_QUORUM). */
  defaultQuorum?: number;
  tmpdir?: string;
  logger: Logger;
}

export type Scope = PolicyScope;

export { scopeKey } from '../domain/pack-policy.ts';

interface Snapshot {
  version: number;
  actions: Map<string, Map<string, PackAction>>;
  quorum: Map<string, number>;
  custom: Pack[];
  defaults: PackDefaults[];
  allow: StoredAllow[];
  overrides: Map<string, RuleAction>;
  engines: Map<string, Engine>;
}

/** Engines per effective pack policy and the allowlist, rebuilt when the stored policy version moves. */
export class Policy {
  private snap: Snapshot | undefined;
  private readonly repo: PolicyRepo;

  constructor(
    db: SafetyDb,
    private readonly opts: PolicyOptions,
  ) {
    this.repo = createPolicyRepo(db);
  }

  private current(): Snapshot {
    const version = this.repo.readVersion();
    if (this.snap?.version === version) return this.snap;
    const custom = this.repo.listCustomPacks().flatMap((row) => {
      try {
        return [loadCustomPack(row.source, row.format as 'yaml' | 'json')];
      } catch (err) {
        this.opts.logger.error({ packId: row.id, err: (err as Error).message }, 'stored custom pack no longer loads; skipped');
        return [];
      }
    });
    const defaults: PackDefaults[] = [
      ...listPacks().map((p) => ({ id: p.id, alwaysOn: p.alwaysOn, custom: false, defaultAction: p.defaultAction })),
      ...custom.map((p) => ({ id: p.id, alwaysOn: false, custom: true, defaultAction: p.defaultAction ?? ('deny' as const) })),
    ];
    this.snap = {
      version,
      actions: this.repo.readPackActions(),
      quorum: this.repo.readQuorum(),
      custom,
      defaults,
      allow: this.repo.listAllow(),
      overrides: this.repo.readOverrides(),
      engines: new Map(),
    };
    return this.snap;
  }

  /** Every pack's action for a scope and which layer set it. */
  packsFor(scope: Scope): EffectivePack[] {
    const snap = this.current();
    return effectivePacks(snap.defaults, this.opts.defaultPacks, snap.actions, scope);
  }

  engineFor(scope: Scope): Engine {
    const snap = this.current();
    const sel = engineSelection(snap.defaults, this.packsFor(scope));
    let engine = snap.engines.get(sel.key);
    if (!engine) {
      const customPacks = snap.custom.filter((p) => !sel.customOff.has(p.id));
      engine = createEngine({ packs: sel.packs, customPacks, packActions: sel.packActions, failMode: this.opts.failMode, tmpdir: this.opts.tmpdir });
      snap.engines.set(sel.key, engine);
    }
    return engine;
  }

  /** How many distinct approvals a critical rule's exception needs in this project. */
  quorumFor(projectId?: string): QuorumPolicy {
    return quorumPolicy(this.current().quorum, this.opts.defaultQuorum ?? 1, projectId);
  }

  /** Whether a pack id is known (built-in or custom), and whether it is a core pack. */
  pack(id: string): PackDefaults | undefined {
    return this.current().defaults.find((p) => p.id === id);
  }

  allowlist(): StoredAllow[] {
    return this.current().allow;
  }

  /** Operator-set actions that replace a rule's own (deny → ask for live approval, …). */
  overrides(): Map<string, RuleAction> {
    return this.current().overrides;
  }

  customPacks(): Pack[] {
    return this.current().custom;
  }
}
