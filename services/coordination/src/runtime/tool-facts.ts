import { AgentEvent, streamNameForFamily, type Reservation } from '@flywheel/contracts';
import { consumeDurable, type DurableConsumer, type NatsConnection } from '@flywheel/kit';
import { repoRelative } from '../domain/path-map.ts';
import { writeHolders } from '../domain/write-rule.ts';
import { concurrentWriteConflict, reservedWriteConflict } from '../domain/conflict-facts.ts';
import { iso, type CoordCore } from './core.ts';
import { recordConflict } from './conflicts.ts';

interface Write {
  agentId: string;
  at: string;
  treeRoot?: string;
}

/**
 * Conflicts from what agents actually do: every file write or edit in `agent.tools.*` is checked against
 * other agents' exclusive leases (blocked or not) and against other agents' writes of the same file within
 * CONCURRENT_WRITE_WINDOW_S, across the project's worktrees.
 */
export function createToolFacts(core: CoordCore) {
  const recent = new Map<string, Write[]>();
  const windowMs = core.config.CONCURRENT_WRITE_WINDOW_S * 1000;

  function concurrent(projectId: string, path: string, w: Write, accountId?: string): void {
    const key = `${projectId}\0${path}`;
    const t = Date.parse(w.at);
    const kept = (recent.get(key) ?? []).filter((x) => t - Date.parse(x.at) < windowMs);
    const others = kept.filter((x) => x.agentId !== w.agentId);
    recent.set(key, [...kept.filter((x) => x.agentId !== w.agentId), w]);
    if (others.length) recordConflict(core, concurrentWriteConflict(projectId, path, [...others, w], core.config.CONCURRENT_WRITE_WINDOW_S, accountId));
  }

  return {
    onToolEvent(e: AgentEvent): void {
      if (e.type !== 'file' || e.op === 'read') return;
      // Replayed history (a first start reads the stream from its beginning) is too old to say anything about today's leases.
      if (core.now().getTime() - Date.parse(e.ts) > windowMs) return;
      const agent = core.repos.agents.get(e.agentId);
      if (!agent) return;
      const path = repoRelative(e.path, { ownRoot: agent.treeRoot, roots: core.repos.agents.treeRoots(agent.projectId) });
      if (path === undefined || path === '') return;
      const held: Reservation[] = core.repos.leases.active(agent.projectId, iso(core.now()));
      for (const h of writeHolders(agent.agentId, [path], held, false)) {
        recordConflict(core, reservedWriteConflict(agent.projectId, agent.agentId, h, { source: 'tool_event', tool: e.op }, agent.accountId));
      }
      concurrent(agent.projectId, path, { agentId: agent.agentId, at: e.ts, treeRoot: agent.treeRoot }, agent.accountId);
    },
    /** Forgets writes older than the window (memory stays bounded by what happened recently). */
    prune(): void {
      const now = core.now().getTime();
      for (const [k, ws] of recent) {
        const kept = ws.filter((w) => now - Date.parse(w.at) < windowMs);
        if (kept.length) recent.set(k, kept);
        else recent.delete(k);
      }
    },
  };
}

export function followToolEvents(core: CoordCore, nc: NatsConnection, facts: ReturnType<typeof createToolFacts>): DurableConsumer {
  return consumeDurable(nc, {
    stream: streamNameForFamily('agent:tools'),
    durable: 'coordination-tools',
    filterSubject: 'agent.tools.*',
    schema: AgentEvent,
    logger: core.logger,
    handler: (e) => facts.onToolEvent(e),
  });
}
