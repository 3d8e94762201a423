import { runMain } from '@flywheel/kit';
import { HubDefinition } from './service.ts';

await runMain(HubDefinition);
