/** Chooses and compiles the packs an engine runs: core packs, enabled optional packs, custom packs. */
import type { Pack, PackInfo, RuleAction } from './types.ts';
import { BUILTIN_PACKS } from './packs/registry.ts';
import { compilePack, type CompiledPack } from './compile.ts';
import { validatePack } from './custom-pack.ts';
import { PackError } from './pack-error.ts';
import { RANK } from './evaluate.ts';

let builtins: CompiledPack[] | undefined;

/** Built-in packs compiled once per process; their regexes are immutable (no g/y flags). */
function compiledBuiltins(): CompiledPack[] {
  return (builtins ??= BUILTIN_PACKS.map((p) => compilePack(p, false)));
}

/** Metadata of every built-in pack, for listings. */
export function builtinPackInfo(): PackInfo[] {
  return compiledBuiltins().map((p) => p.info);
}

/** A copy of the pack whose rules act at most as strongly as `action` (a warn rule stays a warn). */
function capped(pack: CompiledPack, action: RuleAction): CompiledPack {
  const cap = (own: RuleAction): RuleAction => (RANK[own] > RANK[action] ? action : own);
  const rules = pack.rules.map((r) => ({ ...r, action: cap(r.action) }));
  return { ...pack, rules, info: { ...pack.info, rules: pack.info.rules.map((r) => ({ ...r, action: cap(r.action) })) } };
}

function checkKnown(ids: Iterable<string>, known: ReadonlySet<string>): void {
  for (const id of ids) {
    if (!known.has(id)) throw new PackError(`unknown pack "${id}"`, { packId: id, known: [...known] });
  }
}

export function selectPacks(
  enabledIds: readonly string[] = [],
  customPacks: readonly Pack[] = [],
  actions: Readonly<Record<string, RuleAction>> = {},
): CompiledPack[] {
  const all = compiledBuiltins();
  const known = new Set(all.map((p) => p.id));
  checkKnown(enabledIds, known);
  const enabled = new Set(enabledIds);
  const chosen = all.filter((p) => p.info.alwaysOn || enabled.has(p.id));
  const ids = new Set(known);
  for (const pack of customPacks) {
    if (ids.has(pack.id)) throw new PackError(`pack id "${pack.id}" is already taken`, { packId: pack.id });
    ids.add(pack.id);
    chosen.push(compilePack(validatePack(pack), true));
  }
  checkKnown(Object.keys(actions), ids);
  return chosen.map((p) => (actions[p.id] ? capped(p, actions[p.id]) : p));
}
