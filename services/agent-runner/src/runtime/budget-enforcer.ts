import { BudgetEnforcement, streamNameForFamily } from '@flywheel/contracts';
import { consumeDurable, Histogram, type Logger, type NatsConnection, type Registry } from '@flywheel/kit';
import type { AgentRecord } from '../domain/agent-record.ts';
import type { AgentRepo } from '../db/agent-repo.ts';
import type { AgentRuntime } from './agent-runtime.ts';

const inScope = (row: AgentRecord, scope: BudgetEnforcement['scope']): boolean => {
  switch (scope.kind) {
    case 'global':
      return true;
    case 'account':
      return row.accountId === scope.value;
    case 'project':
      return row.projectId === scope.value;
    case 'agent':
      return row.id === scope.value;
    case 'model':
      return row.model === scope.value;
  }
};

/** Pauses (interrupt + park) or resumes this runner's agents in a budget's scope; measures the latency. */
export function startBudgetEnforcer(o: { nc: NatsConnection; logger: Logger; registry: Registry; runnerId: string; agents: AgentRepo; runtime: AgentRuntime }) {
  const latency = new Histogram({
    name: 'budget_enforcement_latency_seconds',
    help: 'From the crossing usage event (triggeredAt) to the agent interrupted and paused',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [o.registry],
  });
  const log = o.logger.child({ mod: 'budget-enforcer' });
  return consumeDurable(o.nc, {
    stream: streamNameForFamily('system:budget'),
    durable: `agent-runner-${o.runnerId}`,
    filterSubject: 'system.budget',
    schema: BudgetEnforcement,
    logger: o.logger,
    async handler(e) {
      const rows = o.agents.live().filter((r) => inScope(r, e.scope));
      for (const row of rows) {
        if (e.action === 'resume') {
          if (o.runtime.resume(row.id, 'budget')) log.info({ agentId: row.id, budgetId: e.budgetId }, 'agent resumed: budget lifted');
          continue;
        }
        if (!(await o.runtime.pause(row.id, 'budget'))) continue;
        const seconds = Math.max(0, (Date.now() - Date.parse(e.triggeredAt)) / 1000);
        latency.observe(seconds);
        log.info({ agentId: row.id, budgetId: e.budgetId, latencyMs: Math.round(seconds * 1000) }, 'agent paused: budget exhausted');
      }
    },
  });
}
