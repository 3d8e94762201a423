import { runMain } from '@flywheel/kit';
import { CoordinationDefinition } from './service.ts';

await runMain(CoordinationDefinition);
