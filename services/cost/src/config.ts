import { BaseConfig } from '@flywheel/kit';

/** cost settings; every key documented in the README's env table. */
export const CostConfig = BaseConfig.extend({});
export type CostConfig = typeof CostConfig._output;
