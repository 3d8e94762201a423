import { fileURLToPath } from 'node:url';
import { ALL_STREAMS } from '@flywheel/contracts';
import { dbCheck, openDb, packageVersion, serviceDbFile, type ServiceDefinition, type ServiceDeps } from '@flywheel/kit';
import { SafetyConfig } from './config.ts';
import * as schema from './db/schema.ts';

const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Binds the safety handlers to their contracts; returns stop/health for the kit runtime. */
export async function createSafetyService(deps: ServiceDeps<SafetyConfig>) {
  const db = openDb(serviceDbFile(deps.config.DATA_DIR, 'safety'), { schema, migrationsFolder: MIGRATIONS });
  return {
    health: () => ({ db: dbCheck(db) }),
    async stop() {
      db.$client.close();
    },
  };
}

export const SafetyDefinition: ServiceDefinition<typeof SafetyConfig> = {
  name: 'safety',
  version: packageVersion(import.meta.url),
  streams: ALL_STREAMS,
  configSchema: SafetyConfig,
  create: createSafetyService,
};
