import { runMain } from '@flywheel/kit';
import { SafetyDefinition } from './service.ts';

await runMain(SafetyDefinition);
