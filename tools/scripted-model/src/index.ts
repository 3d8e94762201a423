export { startScriptedModel, type ScriptedModel, type ScriptedModelOptions } from './server.ts';
export { DEFAULT_SCRIPT_KEY, type ScriptStatus } from './script-store.ts';
export type { RecordedRequest } from './request-log.ts';
export { ContentBlock, ScriptFile, SetScriptBody, StopReason, Turn, Turns, Usage, type TurnInput } from './script-schema.ts';
export { loadScriptFile } from './load-script-file.ts';
