// What other code may start or configure: the service definition and its config schema.
export { CostDefinition } from './service.ts';
export { CostConfig } from './config.ts';
