import { BaseConfig } from '@flywheel/kit';

/** agent-runner settings; every key documented in the README's env table. */
export const AgentRunnerConfig = BaseConfig.extend({});
export type AgentRunnerConfig = typeof AgentRunnerConfig._output;
