import { runMain } from '@flywheel/kit';
import { GatewayDefinition } from './service.ts';

await runMain(GatewayDefinition);
