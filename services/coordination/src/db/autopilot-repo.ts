import { and, asc, eq } from 'drizzle-orm';
import type { AutopilotConfig, AutopilotRun } from '@flywheel/contracts';
import { compact } from '../domain/compact.ts';
import { autopilotRuns, autopilots } from './schema.ts';
import type { CoordDb } from './coord-db.ts';

export interface StoredAutopilot {
  projectId: string;
  config: AutopilotConfig;
  accountId?: string;
  paused?: { reason: string; at: string };
  updatedAt: string;
  updatedBy?: string;
}

export type StoredRun = AutopilotRun & { seq: number; projectId: string };

/** Autopilot settings per project and the runs it started. */
export function createAutopilotRepo(db: CoordDb) {
  return {
    get(projectId: string): StoredAutopilot | undefined {
      const r = db.select().from(autopilots).where(eq(autopilots.projectId, projectId)).get();
      if (!r) return undefined;
      return {
        projectId: r.projectId,
        config: r.config as AutopilotConfig,
        updatedAt: r.updatedAt,
        ...(r.accountId ? { accountId: r.accountId } : {}),
        ...(r.updatedBy ? { updatedBy: r.updatedBy } : {}),
        ...(r.pausedReason && r.pausedAt ? { paused: { reason: r.pausedReason, at: r.pausedAt } } : {}),
      };
    },
    enabled(): string[] {
      return db
        .select({ projectId: autopilots.projectId, config: autopilots.config })
        .from(autopilots)
        .all()
        .filter((r) => (r.config as AutopilotConfig).enabled)
        .map((r) => r.projectId);
    },
    put(a: StoredAutopilot): void {
      const row = {
        config: a.config,
        accountId: a.accountId ?? null,
        pausedReason: a.paused?.reason ?? null,
        pausedAt: a.paused?.at ?? null,
        updatedAt: a.updatedAt,
        updatedBy: a.updatedBy ?? null,
      };
      db.insert(autopilots)
        .values({ projectId: a.projectId, ...row })
        .onConflictDoUpdate({ target: autopilots.projectId, set: row })
        .run();
    },
    /** Sets the pause (or clears it, with nulls). */
    pause(projectId: string, reason: string | null, at: string | null): void {
      db.update(autopilots).set({ pausedReason: reason, pausedAt: at }).where(eq(autopilots.projectId, projectId)).run();
    },
    runs(projectId: string): StoredRun[] {
      return db
        .select()
        .from(autopilotRuns)
        .where(eq(autopilotRuns.projectId, projectId))
        .orderBy(asc(autopilotRuns.seq))
        .all()
        .map((r) => compact(r) as StoredRun);
    },
    running(projectId: string): StoredRun[] {
      return db
        .select()
        .from(autopilotRuns)
        .where(and(eq(autopilotRuns.projectId, projectId), eq(autopilotRuns.status, 'running')))
        .all()
        .map((r) => compact(r) as StoredRun);
    },
    byAgent(agentId: string): StoredRun | undefined {
      const r = db
        .select()
        .from(autopilotRuns)
        .where(and(eq(autopilotRuns.agentId, agentId), eq(autopilotRuns.status, 'running')))
        .get();
      return r ? (compact(r) as StoredRun) : undefined;
    },
    runningFor(taskId: string): StoredRun | undefined {
      const r = db
        .select()
        .from(autopilotRuns)
        .where(and(eq(autopilotRuns.taskId, taskId), eq(autopilotRuns.status, 'running')))
        .get();
      return r ? (compact(r) as StoredRun) : undefined;
    },
    start(r: Omit<StoredRun, 'seq'>): number {
      return db.insert(autopilotRuns).values(r).returning({ seq: autopilotRuns.seq }).get().seq;
    },
    setAgent(seq: number, agentId: string, worktree?: string): void {
      db.update(autopilotRuns)
        .set({ agentId, ...(worktree ? { worktree } : {}) })
        .where(eq(autopilotRuns.seq, seq))
        .run();
    },
    end(seq: number, status: 'done' | 'failed', at: string, reason?: string): void {
      db.update(autopilotRuns)
        .set({ status, endedAt: at, reason: reason ?? null })
        .where(eq(autopilotRuns.seq, seq))
        .run();
    },
  };
}
export type AutopilotRepo = ReturnType<typeof createAutopilotRepo>;
