// What other code may start or configure: the service definition and its config schema.
export { AgentRunnerDefinition } from './service.ts';
export { AgentRunnerConfig } from './config.ts';
