/** Public API of the Destructive Command Guard engine. */
export { createEngine, type Engine, type EngineOptions, type EnginePackInfo } from './engine.ts';
export { loadCustomPack, validatePack, CustomPackSchema, CustomRuleSchema } from './custom-pack.ts';
export { PackError } from './pack-error.ts';
export { builtinPackInfo as listPacks } from './pack-selection.ts';
export { DEFAULT_LIMITS, type Limits } from './parse.ts';
export type * from './types.ts';
