/** Public API of the Destructive Command Guard engine; importers use only `@flywheel/dcg`, never deep paths. */
export { createEngine, type Engine, type EngineOptions, type EnginePackInfo } from './engine.ts';
export { loadCustomPack, validatePack, CustomPackSchema, CustomRuleSchema } from './custom-pack.ts';
export { PackError } from './pack-error.ts';
export { builtinPackInfo as listPacks } from './pack-selection.ts';
export { DEFAULT_LIMITS, type Limits } from './parse.ts';
export type * from './types.ts';
export { writeTargets, type WriteTarget } from './write-targets.ts';
export * from './pack-policy.ts';
export { PolicyEngines, loadStoredPacks, packDefaults, type PolicyInputs, type StoredPackSource } from './policy-engines.ts';
export { toolTarget, type ToolTarget } from './tool-command.ts';
export { writePaths, type WritePaths } from './write-paths.ts';
export { redact } from './redact.ts';
export { builtinRulesHash, policySignature } from './rules-hash.ts';
