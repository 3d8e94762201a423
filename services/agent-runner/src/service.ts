import { fileURLToPath } from 'node:url';
import { ALL_STREAMS } from '@flywheel/contracts';
import { dbCheck, openDb, packageVersion, serviceDbFile, type ServiceDefinition, type ServiceDeps } from '@flywheel/kit';
import { AgentRunnerConfig } from './config.ts';
import * as schema from './db/schema.ts';

const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Binds the agent-runner handlers to their contracts; returns stop/health for the kit runtime. */
export async function createAgentRunnerService(deps: ServiceDeps<AgentRunnerConfig>) {
  const db = openDb(serviceDbFile(deps.config.DATA_DIR, 'agent-runner'), { schema, migrationsFolder: MIGRATIONS });
  return {
    health: () => ({ db: dbCheck(db) }),
    async stop() {
      db.$client.close();
    },
  };
}

export const AgentRunnerDefinition: ServiceDefinition<typeof AgentRunnerConfig> = {
  name: 'agent-runner',
  version: packageVersion(import.meta.url),
  streams: ALL_STREAMS,
  configSchema: AgentRunnerConfig,
  create: createAgentRunnerService,
};
