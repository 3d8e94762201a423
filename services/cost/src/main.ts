import { runMain } from '@flywheel/kit';
import { CostDefinition } from './service.ts';

await runMain(CostDefinition);
