// What other code may start or configure: the service definition and its config schema.
export { HubDefinition } from './service.ts';
export { HubConfig } from './config.ts';
