import { fileURLToPath } from 'node:url';
import { ALL_STREAMS } from '@flywheel/contracts';
import { dbCheck, openDb, packageVersion, serviceDbFile, type ServiceDefinition, type ServiceDeps } from '@flywheel/kit';
import { CoordinationConfig } from './config.ts';
import * as schema from './db/schema.ts';

const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Binds the coordination handlers to their contracts; returns stop/health for the kit runtime. */
export async function createCoordinationService(deps: ServiceDeps<CoordinationConfig>) {
  const db = openDb(serviceDbFile(deps.config.DATA_DIR, 'coordination'), { schema, migrationsFolder: MIGRATIONS });
  return {
    health: () => ({ db: dbCheck(db) }),
    async stop() {
      db.$client.close();
    },
  };
}

export const CoordinationDefinition: ServiceDefinition<typeof CoordinationConfig> = {
  name: 'coordination',
  version: packageVersion(import.meta.url),
  streams: ALL_STREAMS,
  configSchema: CoordinationConfig,
  create: createCoordinationService,
};
