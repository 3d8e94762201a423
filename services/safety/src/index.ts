// What other code may start or configure: the service definition and its config schema.
export { SafetyDefinition } from './service.ts';
export { SafetyConfig } from './config.ts';
