import { fileURLToPath } from 'node:url';
import { ALL_STREAMS } from '@flywheel/contracts';
import { dbCheck, openDb, packageVersion, serviceDbFile, type ServiceDefinition, type ServiceDeps } from '@flywheel/kit';
import { CostConfig } from './config.ts';
import * as schema from './db/schema.ts';

const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Binds the cost handlers to their contracts; returns stop/health for the kit runtime. */
export async function createCostService(deps: ServiceDeps<CostConfig>) {
  const db = openDb(serviceDbFile(deps.config.DATA_DIR, 'cost'), { schema, migrationsFolder: MIGRATIONS });
  return {
    health: () => ({ db: dbCheck(db) }),
    async stop() {
      db.$client.close();
    },
  };
}

export const CostDefinition: ServiceDefinition<typeof CostConfig> = {
  name: 'cost',
  version: packageVersion(import.meta.url),
  streams: ALL_STREAMS,
  configSchema: CostConfig,
  create: createCostService,
};
