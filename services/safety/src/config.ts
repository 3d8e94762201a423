import { BaseConfig } from '@flywheel/kit';

/** safety settings; every key documented in the README's env table. */
export const SafetyConfig = BaseConfig.extend({});
export type SafetyConfig = typeof SafetyConfig._output;
