// Moved to @flywheel/dcg so the gateway's hook fast path selects engines exactly as the guard does.
export { effectivePacks, engineSelection, layersOf, scopeKey } from '@flywheel/dcg';
export type { EffectivePack, PackAction, PackDefaults, PackScopeKind, PolicyScope, PolicySource } from '@flywheel/dcg';
