// What other code may start or configure: the service definition and its config schema.
export { GatewayDefinition } from './service.ts';
export { GatewayConfig } from './config.ts';
