import type { z } from 'zod';
import { GatewayConfig } from '../../services/gateway-api/src/config.ts';
import { AgentRunnerConfig } from '../../services/agent-runner/src/config.ts';
import { CostConfig } from '../../services/cost/src/config.ts';
import { SafetyConfig } from '../../services/safety/src/config.ts';
import { CoordinationConfig } from '../../services/coordination/src/config.ts';
import { HubConfig } from '../../services/ws-hub/src/config.ts';

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
