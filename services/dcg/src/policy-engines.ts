import { createEngine, type Engine } from './engine.ts';
import { loadCustomPack } from './custom-pack.ts';
import { builtinPackInfo } from './pack-selection.ts';
import { effectivePacks, engineSelection, type EffectivePack, type PackAction, type PackDefaults, type PolicyScope } from './pack-policy.ts';
import type { FailMode, Pack } from './types.ts';

/** What a stored policy's engines are built from: its pack actions and custom packs, and the service's settings. */
export interface PolicyInputs {
  /** Per scope key (`global`, `account:a`, …), per pack id, the action stored there. */
  actions: ReadonlyMap<string, ReadonlyMap<string, PackAction>>;
  custom: readonly Pack[];
  /** Packs the service config names (DCG_PACKS): kept at their rules' own actions unless a scope says otherwise. */
  defaultPacks: readonly string[];
  failMode: FailMode;
  tmpdir?: string;
}

/** A custom pack as stored: its source text and format. */
export interface StoredPackSource {
  id: string;
  source: string;
  format: string;
}

/** Every built-in pack and the custom ones, as the policy layers see them. */
export function packDefaults(custom: readonly Pack[]): PackDefaults[] {
  return [
    ...builtinPackInfo().map((p) => ({ id: p.id, alwaysOn: p.alwaysOn, custom: false, defaultAction: p.defaultAction })),
    ...custom.map((p) => ({ id: p.id, alwaysOn: false, custom: true, defaultAction: p.defaultAction ?? ('deny' as const) })),
  ];
}

/** Stored custom packs that still load; one that no longer does (a stricter validator) is reported and skipped. */
export function loadStoredPacks(rows: readonly StoredPackSource[], skipped: (id: string, message: string) => void): Pack[] {
  return rows.flatMap((row) => {
    try {
      return [loadCustomPack(row.source, row.format as 'yaml' | 'json')];
    } catch (err) {
      skipped(row.id, (err as Error).message);
      return [];
    }
  });
}

/** One stored policy's engines, one per distinct effective pack selection, built on first use. */
export class PolicyEngines {
  readonly defaults: PackDefaults[];
  private readonly engines = new Map<string, Engine>();

  constructor(private readonly inputs: PolicyInputs) {
    this.defaults = packDefaults(inputs.custom);
  }

  /** Every pack's action for a scope and which layer set it. */
  packsFor(scope: PolicyScope): EffectivePack[] {
    return effectivePacks(this.defaults, this.inputs.defaultPacks, this.inputs.actions, scope);
  }

  engineFor(scope: PolicyScope): Engine {
    const sel = engineSelection(this.defaults, this.packsFor(scope));
    let engine = this.engines.get(sel.key);
    if (!engine) {
      const customPacks = this.inputs.custom.filter((p) => !sel.customOff.has(p.id));
      const { failMode, tmpdir } = this.inputs;
      engine = createEngine({ packs: sel.packs, customPacks, packActions: sel.packActions, failMode, tmpdir });
      this.engines.set(sel.key, engine);
    }
    return engine;
  }
}
