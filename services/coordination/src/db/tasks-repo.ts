import { and, asc, eq } from 'drizzle-orm';
import type { Task, TaskChange, TaskDependency } from '@flywheel/contracts';
import { compact } from '../domain/compact.ts';
import { taskHistory, tasks } from './schema.ts';
import type { CoordDb } from './coord-db.ts';

type Row = typeof tasks.$inferSelect;

/** What a task carries from a beads import: its original line and the task's fields then. */
export interface BeadsOrigin {
  line: string;
  fingerprint: string;
}

export type StoredTask = Task & { beads?: BeadsOrigin };

const toTask = (r: Row): StoredTask => {
  const { seq: _seq, beadsLine, beadsFingerprint, dependencies, ...rest } = r;
  const t = { ...compact(rest), dependencies: dependencies as TaskDependency[] } as Task;
  return beadsLine && beadsFingerprint ? { ...t, beads: { line: beadsLine, fingerprint: beadsFingerprint } } : t;
};

const toRow = (t: StoredTask) => {
  const { beads, blockedBy: _b, ...rest } = t;
  return {
    ...rest,
    assignee: rest.assignee ?? null,
    estimate: rest.estimate ?? null,
    acceptance: rest.acceptance ?? null,
    accountId: rest.accountId ?? null,
    claimedAt: rest.claimedAt ?? null,
    closedAt: rest.closedAt ?? null,
    createdBy: rest.createdBy ?? null,
    beadsLine: beads?.line ?? null,
    beadsFingerprint: beads?.fingerprint ?? null,
  };
};

/** Tasks and their history. */
export function createTasksRepo(db: CoordDb) {
  return {
    insert(t: StoredTask): void {
      db.insert(tasks).values(toRow(t)).run();
    },
    /** Replaces every field of a stored task. */
    save(t: StoredTask): void {
      const { id, ...row } = toRow(t);
      db.update(tasks).set(row).where(eq(tasks.id, id)).run();
    },
    get(id: string): StoredTask | undefined {
      const r = db.select().from(tasks).where(eq(tasks.id, id)).get();
      return r && toTask(r);
    },
    /** Every task of a project, oldest first. */
    project(projectId: string): StoredTask[] {
      return db.select().from(tasks).where(eq(tasks.projectId, projectId)).orderBy(asc(tasks.seq)).all().map(toTask);
    },
    /** The account that owns a project's tasks (the first task's), if any. */
    owner(projectId: string): { accountId?: string } | undefined {
      const r = db.select({ accountId: tasks.accountId }).from(tasks).where(eq(tasks.projectId, projectId)).limit(1).get();
      return r && { accountId: r.accountId ?? undefined };
    },
    delete(id: string): void {
      db.delete(tasks).where(eq(tasks.id, id)).run();
    },
    record(c: TaskChange & { accountId?: string }): void {
      db.insert(taskHistory)
        .values({ ...c, accountId: c.accountId ?? null, agentId: c.agentId ?? null })
        .run();
    },
    history(taskId: string): TaskChange[] {
      return db
        .select()
        .from(taskHistory)
        .where(eq(taskHistory.taskId, taskId))
        .orderBy(asc(taskHistory.seq))
        .all()
        .map(({ seq: _s, accountId: _a, ...r }) => compact(r) as TaskChange);
    },
    /** History of a project (velocity reads it). */
    projectHistory(projectId: string, from?: string, to?: string): (TaskChange & { accountId?: string })[] {
      return db
        .select()
        .from(taskHistory)
        .where(and(eq(taskHistory.projectId, projectId)))
        .orderBy(asc(taskHistory.seq))
        .all()
        .filter((r) => (!from || r.at >= from) && (!to || r.at < to))
        .map(({ seq: _s, ...r }) => compact(r) as TaskChange & { accountId?: string });
    },
  };
}
export type TasksRepo = ReturnType<typeof createTasksRepo>;
