import { createRequire } from 'node:module';
import type { ServiceName } from '@flywheel/contracts';
import { GatewayDefinition } from '@flywheel/gateway-api';
import { AgentRunnerDefinition } from '@flywheel/agent-runner';
import { CostDefinition } from '@flywheel/cost';
import { SafetyDefinition } from '@flywheel/safety';
import { CoordinationDefinition } from '@flywheel/coordination';
import { HubDefinition } from '@flywheel/ws-hub';

/** What a stack starts in-process: each service's definition, from its package entry. */
export const DEFINITIONS = {
  'gateway-api': GatewayDefinition,
  'agent-runner': AgentRunnerDefinition,
  cost: CostDefinition,
  safety: SafetyDefinition,
  coordination: CoordinationDefinition,
  'ws-hub': HubDefinition,
} as const satisfies Record<ServiceName, unknown>;

/** The instance type a definition's create() returns, e.g. `InstanceOf<typeof HubDefinition>` (its port, its hub). */
export type InstanceOf<D> = D extends { create(deps: never): Promise<infer I> } ? I : never;

const require = createRequire(import.meta.url);

/** What a stack runs as a process (`node --import tsx <entry>`, as `npm start` does): the package's `./main`. */
export const processEntry = (name: ServiceName): string => require.resolve(`@flywheel/${name}/main`);
