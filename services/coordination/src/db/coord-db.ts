import type { Db } from '@flywheel/kit';
import type * as schema from './schema.ts';

export type CoordDb = Db<typeof schema>;
