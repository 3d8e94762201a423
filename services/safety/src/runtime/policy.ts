import { builtinRulesHash, loadStoredPacks, PolicyEngines, policySignature, type Engine, type Pack } from '@flywheel/dcg';
import type { Logger } from '@flywheel/kit';
import type { RuleAction, StoredAllow, StoredPack } from '../domain/policy-records.ts';
import type { SafetyDb } from '../db/safety-db.ts';
import { createPolicyRepo, type PolicyRepo } from '../db/policy-repo.ts';
import type { EffectivePack, PackAction, PackDefaults, PolicyScope } from '../domain/pack-policy.ts';
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
  /** Custom packs as stored (the gateway's replica loads them as this service does). */
  customRows: StoredPack[];
  custom: Pack[];
  allow: StoredAllow[];
  overrides: Map<string, RuleAction>;
  engines: PolicyEngines;
}

/** What the gateway needs to build the same engines (svc.safety.policy.snapshot). */
export interface PolicyReplicaData {
  version: number;
  actions: Map<string, Map<string, PackAction>>;
  customPacks: StoredPack[];
  failMode: 'open' | 'closed';
  defaultPacks: string[];
  tmpdir?: string;
  /** This build's built-in rules ([builtinRulesHash]) and, with the settings above, their signature. */
  rulesHash: string;
  signature: string;
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
    const customRows = this.repo.listCustomPacks();
    const custom = loadStoredPacks(customRows, (packId, err) => this.opts.logger.error({ packId, err }, 'stored custom pack no longer loads; skipped'));
    const actions = this.repo.readPackActions();
    const { failMode, defaultPacks, tmpdir } = this.opts;
    this.snap = {
      version,
      actions,
      quorum: this.repo.readQuorum(),
      customRows,
      custom,
      allow: this.repo.listAllow(),
      overrides: this.repo.readOverrides(),
      engines: new PolicyEngines({ actions, custom, defaultPacks, failMode, tmpdir }),
    };
    return this.snap;
  }

  /** The stored policy's version and what engines are built from, for the gateway's replica. */
  replicaData(): PolicyReplicaData {
    const snap = this.current();
    const { failMode, defaultPacks, tmpdir } = this.opts;
    const rulesHash = builtinRulesHash();
    return {
      version: snap.version,
      actions: snap.actions,
      customPacks: snap.customRows,
      failMode,
      defaultPacks,
      ...(tmpdir ? { tmpdir } : {}),
      rulesHash,
      signature: this.signature(),
    };
  }

  /**
   * What besides the stored version decides the engines (built-in rules, DCG_PACKS, fail mode, DCG_TMPDIR): part of
   * the KV value the gateways watch, so a restart with other settings or other rules moves their replicas too.
   */
  signature(): string {
    const { failMode, defaultPacks, tmpdir } = this.opts;
    return policySignature({ rulesHash: builtinRulesHash(), failMode, defaultPacks, ...(tmpdir ? { tmpdir } : {}) });
  }

  /** Every pack's action for a scope and which layer set it. */
  packsFor(scope: Scope): EffectivePack[] {
    return this.current().engines.packsFor(scope);
  }

  engineFor(scope: Scope): Engine {
    return this.current().engines.engineFor(scope);
  }

  /** How many distinct approvals a critical rule's exception needs in this project. */
  quorumFor(projectId?: string): QuorumPolicy {
    return quorumPolicy(this.current().quorum, this.opts.defaultQuorum ?? 1, projectId);
  }

  /** Whether a pack id is known (built-in or custom), and whether it is a core pack. */
  pack(id: string): PackDefaults | undefined {
    return this.current().engines.defaults.find((p) => p.id === id);
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
