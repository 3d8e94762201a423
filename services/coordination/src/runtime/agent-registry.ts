import { AgentEvent, streamNameForFamily } from '@flywheel/contracts';
import { consumeDurable, type DurableConsumer, type NatsConnection } from '@flywheel/kit';
import { iso, type CoordCore } from './core.ts';
import { endLeases } from './reservations.ts';
import { advance } from './handoffs.ts';

const ENDED = new Set(['terminated', 'failed']);

/** One state event: the registry learns the agent's project, tree and liveness; an ended agent's leases go at once. */
export function onStateEvent(core: CoordCore, e: AgentEvent): void {
  if (e.type !== 'state' || !e.projectId) return;
  core.repos.agents.seen({ agentId: e.agentId, projectId: e.projectId, state: e.to, at: e.ts, accountId: e.accountId, treeRoot: e.treeRoot });
  core.hooks?.agentState(e);
  if (!ENDED.has(e.to)) return;
  const leases = core.repos.leases.activeOf(e.agentId, iso(core.now()));
  if (leases.length) endLeases(core, leases, { reason: 'agent_ended', by: 'coordination' });
  for (const h of core.repos.handoffs.inPhases(['pending', 'accepted', 'transferring'])) {
    if (h.toAgentId === e.agentId) advance(core, h, 'failed', { lastError: `target agent ${e.agentId} ${e.to}` }, 'coordination', `target ${e.to}`);
  }
}

/**
 * The agent registry follows `agent.state.*` through a durable consumer (`coordination-agents`), so
 * coordination knows every agent's project and tree after a restart and releases leases of agents that end.
 */
export function followAgentStates(core: CoordCore, nc: NatsConnection): DurableConsumer {
  return consumeDurable(nc, {
    stream: streamNameForFamily('agent:state'),
    durable: 'coordination-agents',
    filterSubject: 'agent.state.*',
    schema: AgentEvent,
    logger: core.logger,
    handler: (e) => onStateEvent(core, e),
  });
}
