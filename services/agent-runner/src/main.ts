import { runMain } from '@flywheel/kit';
import { AgentRunnerDefinition } from './service.ts';

await runMain(AgentRunnerDefinition);
