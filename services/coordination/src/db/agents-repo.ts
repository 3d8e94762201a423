import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { CoordAgent } from '@flywheel/contracts';
import { compact } from '../domain/compact.ts';
import { agents } from './schema.ts';
import type { CoordDb } from './coord-db.ts';

type Row = typeof agents.$inferSelect;
const ENDED = new Set(['terminated', 'failed']);

const toAgent = (r: Row): CoordAgent => {
  const { endedAt, ...rest } = compact(r);
  return { ...rest, live: !endedAt && !ENDED.has(r.state) };
};

export interface AgentSeen {
  agentId: string;
  projectId: string;
  state: string;
  at: string;
  name?: string;
  accountId?: string;
  treeRoot?: string;
}

/**
 * The agent registry, fed by the runners' state events. Agents and each project's worktrees are cached in
 * memory (the write check reads them on every guarded write); this repository is their only writer.
 */
export function createAgentsRepo(db: CoordDb) {
  const byId = new Map<string, CoordAgent | undefined>();
  const trees = new Map<string, string[]>();
  return {
    get(agentId: string): CoordAgent | undefined {
      if (!byId.has(agentId)) {
        const r = db.select().from(agents).where(eq(agents.agentId, agentId)).get();
        if (byId.size > 100_000) byId.clear();
        byId.set(agentId, r && toAgent(r));
      }
      return byId.get(agentId);
    },
    /** Records a state event; fields it does not carry keep their stored value. An ended agent stays ended. */
    seen(a: AgentSeen): void {
      const ended = ENDED.has(a.state) ? a.at : null;
      db.insert(agents)
        .values({ ...a, lastSeenAt: a.at, endedAt: ended })
        .onConflictDoUpdate({
          target: agents.agentId,
          set: compact({
            projectId: a.projectId,
            state: a.state,
            lastSeenAt: a.at,
            name: a.name,
            accountId: a.accountId,
            treeRoot: a.treeRoot,
            endedAt: ended,
          }),
        })
        .run();
      byId.delete(a.agentId);
      trees.delete(a.projectId);
    },
    list(q: { projectId?: string; live: boolean; accountId?: string }): CoordAgent[] {
      const where = [
        q.projectId ? eq(agents.projectId, q.projectId) : undefined,
        q.live ? isNull(agents.endedAt) : undefined,
        q.accountId !== undefined ? eq(agents.accountId, q.accountId) : undefined,
      ];
      return db
        .select()
        .from(agents)
        .where(and(...where))
        .limit(1000)
        .all()
        .map(toAgent)
        .filter((a) => !q.live || a.live);
    },
    /** Every worktree the project's agents ran in. */
    treeRoots(projectId: string): string[] {
      let t = trees.get(projectId);
      if (!t) {
        t = db
          .selectDistinct({ t: agents.treeRoot })
          .from(agents)
          .where(and(eq(agents.projectId, projectId), isNotNull(agents.treeRoot)))
          .all()
          .map((r) => r.t!);
        trees.set(projectId, t);
      }
      return t;
    },
    /** Every known worktree with its project, for a writer coordination has not heard of. */
    allTrees(): { projectId: string; treeRoot: string }[] {
      return db.selectDistinct({ projectId: agents.projectId, treeRoot: agents.treeRoot }).from(agents).where(isNotNull(agents.treeRoot)).all() as {
        projectId: string;
        treeRoot: string;
      }[];
    },
  };
}
export type AgentsRepo = ReturnType<typeof createAgentsRepo>;
