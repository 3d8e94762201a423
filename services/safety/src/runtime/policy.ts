import { createEngine, loadCustomPack, type Engine, type Pack } from '@flywheel/dcg';
import type { Logger } from '@flywheel/kit';
import type { RuleAction, StoredAllow } from '../domain/policy-records.ts';
import type { SafetyDb } from '../db/safety-db.ts';
import { createPolicyRepo, type PolicyRepo } from '../db/policy-repo.ts';

export interface PolicyOptions {
  failMode: 'open' | 'closed';
  defaultPacks: string[];
  tmpdir?: string;
  logger: Logger;
}

export interface Scope {
  projectId?: string;
  profileId?: string;
}

export const scopeKey = (scope: 'global' | 'project' | 'profile', id?: string): string => (scope === 'global' ? 'global' : `${scope}:${id}`);

interface Snapshot {
  version: number;
  settings: Map<string, string[]>;
  custom: Pack[];
  allow: StoredAllow[];
  overrides: Map<string, RuleAction>;
  engines: Map<string, Engine>;
}

/** Engines per effective pack selection and the allowlist, rebuilt when the stored policy version moves. */
export class Policy {
  private snap: Snapshot | undefined;
  private readonly repo: PolicyRepo;

  constructor(db: SafetyDb, private readonly opts: PolicyOptions) {
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
    this.snap = { version, settings: this.repo.readPackSettings(), custom, allow: this.repo.listAllow(), overrides: this.repo.readOverrides(), engines: new Map() };
    return this.snap;
  }

  /** Optional packs in force for a scope: config defaults ∪ global ∪ project ∪ profile settings. */
  packsFor(scope: Scope): string[] {
    const s = this.current().settings;
    const keys = ['global', ...(scope.projectId ? [scopeKey('project', scope.projectId)] : []), ...(scope.profileId ? [scopeKey('profile', scope.profileId)] : [])];
    return [...new Set([...this.opts.defaultPacks, ...keys.flatMap((k) => s.get(k) ?? [])])].sort();
  }

  engineFor(scope: Scope): Engine {
    const snap = this.current();
    const packs = this.packsFor(scope);
    const key = packs.join(',');
    let engine = snap.engines.get(key);
    if (!engine) {
      engine = createEngine({ packs, customPacks: snap.custom, failMode: this.opts.failMode, tmpdir: this.opts.tmpdir });
      snap.engines.set(key, engine);
    }
    return engine;
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
