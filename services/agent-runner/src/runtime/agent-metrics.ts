import { AgentAttention, AgentState } from '@flywheel/contracts';
import { attentionOf } from '../domain/agent-record.ts';
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

/** `agents_attention{attention}`: this runner's live agents by what they need from a person (none included). */
export function trackAgentAttention(registry: Registry, agents: AgentRepo): void {
  new Gauge({
    name: 'agents_attention',
    help: 'Live agents on this runner by attention (approval, input, stalled, usage_limit, error, none)',
    labelNames: ['attention'],
    registers: [registry],
    collect() {
      const counts = new Map<string, number>();
      for (const row of agents.live()) counts.set(attentionOf(row), (counts.get(attentionOf(row)) ?? 0) + 1);
      for (const a of AgentAttention.options) this.set({ attention: a }, counts.get(a) ?? 0);
    },
  });
}
