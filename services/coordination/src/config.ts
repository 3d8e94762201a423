import { BaseConfig } from '@flywheel/kit';

/** coordination settings; every key documented in the README's env table. */
export const CoordinationConfig = BaseConfig.extend({});
export type CoordinationConfig = typeof CoordinationConfig._output;
