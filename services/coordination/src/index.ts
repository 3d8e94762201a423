// What other code may start or configure: the service definition and its config schema.
export { CoordinationDefinition } from './service.ts';
export { CoordinationConfig } from './config.ts';
