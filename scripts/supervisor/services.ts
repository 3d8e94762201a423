import type { z } from 'zod';
import { GatewayConfig } from '@flywheel/gateway-api/config';
import { AgentRunnerConfig } from '@flywheel/agent-runner/config';
import { CostConfig } from '@flywheel/cost/config';
import { SafetyConfig } from '@flywheel/safety/config';
import { CoordinationConfig } from '@flywheel/coordination/config';
import { HubConfig } from '@flywheel/ws-hub/config';

export interface ServiceSpec {
  name: string;
  entry: string;
  config: z.ZodType;
}

/** What `npm start` runs, in start order (the gateway last, so /health finds its peers). */
export const SERVICES: readonly ServiceSpec[] = [
  { name: 'ws-hub', entry: 'services/ws-hub/src/main.ts', config: HubConfig },
  { name: 'safety', entry: 'services/safety/src/main.ts', config: SafetyConfig },
  { name: 'cost', entry: 'services/cost/src/main.ts', config: CostConfig },
  { name: 'coordination', entry: 'services/coordination/src/main.ts', config: CoordinationConfig },
  { name: 'agent-runner', entry: 'services/agent-runner/src/main.ts', config: AgentRunnerConfig },
  { name: 'gateway-api', entry: 'services/gateway-api/src/main.ts', config: GatewayConfig },
];
