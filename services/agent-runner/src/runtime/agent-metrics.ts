import { AgentState } from '@flywheel/contracts';
import { Gauge, type Registry } from '@flywheel/kit';
import type { AgentRepo } from '../db/agent-repo.ts';

/** `agents{state}`: this runner's live agents by state, read from the store at scrape time. */
export function trackAgentStates(registry: Registry, agents: AgentRepo): void {
  new Gauge({
    name: 'agents',
    help: 'Live agents on this runner by lifecycle state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const counts = new Map<string, number>();
      for (const row of agents.live()) counts.set(row.state, (counts.get(row.state) ?? 0) + 1);
      for (const s of AgentState.options) this.set({ state: s }, counts.get(s) ?? 0);
    },
  });
}
