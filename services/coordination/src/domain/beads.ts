import { z } from 'zod';
import { DependencyType, TaskId, TaskPriority, TaskType, type Task, type TaskStatus } from '@flywheel/contracts';

/**
 * The beads JSONL format (`.beads/issues.jsonl`, one issue per line), as steveyegge/beads writes it
 * (internal/types/types.go): `id, title, description, design?, acceptance_criteria?, notes?, status, priority,
 * issue_type, assignee?, estimated_minutes?, created_at, updated_at, closed_at?, close_reason?, external_ref?, …,
 * labels?, dependencies? [{issue_id, depends_on_id, type, created_at, created_by}], comments?`.
 * Fields we do not model are kept in the line and come back on export.
 */
export const BEADS_STATUS: Record<string, TaskStatus> = {
  open: 'open',
  in_progress: 'in_progress',
  blocked: 'blocked',
  closed: 'done',
  tombstone: 'cancelled',
};

const BeadsDependency = z.looseObject({ issue_id: z.string().optional(), depends_on_id: TaskId, type: DependencyType });
const BeadsIssue = z.looseObject({
  id: TaskId,
  title: z.string().min(1).max(500),
  description: z.string().default(''),
  status: z.string().refine((s) => s in BEADS_STATUS, { message: `must be one of ${Object.keys(BEADS_STATUS).join(', ')}` }),
  priority: TaskPriority,
  issue_type: TaskType,
  assignee: z.string().optional(),
  estimated_minutes: z.number().int().min(0).nullable().optional(),
  acceptance_criteria: z.string().optional(),
  labels: z.array(z.string()).nullable().optional(),
  dependencies: z.array(BeadsDependency).nullable().optional(),
  created_at: z.string().min(1),
  updated_at: z.string().min(1),
  closed_at: z.string().nullable().optional(),
});

/** The fields of a task a beads line carries. */
export type BeadsFields = Pick<Task, 'id' | 'title' | 'description' | 'status' | 'priority' | 'type' | 'labels' | 'dependencies' | 'createdAt' | 'updatedAt'> &
  Partial<Pick<Task, 'assignee' | 'estimate' | 'acceptance' | 'closedAt'>>;

export interface BeadsLine {
  /** 1-based line number in the file. */
  lineNo: number;
  line: string;
  fields: BeadsFields;
}

export class BeadsParseError extends Error {
  constructor(
    readonly lineNo: number,
    message: string,
  ) {
    super(`line ${lineNo}: ${message}`);
  }
}

/** Parses a JSONL file; blank lines are skipped; the first bad line throws naming it. */
export function parseBeads(jsonl: string): BeadsLine[] {
  const out: BeadsLine[] = [];
  const seen = new Set<string>();
  jsonl.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new BeadsParseError(i + 1, 'not JSON');
    }
    const r = BeadsIssue.safeParse(json);
    if (!r.success) throw new BeadsParseError(i + 1, r.error.issues.map((x) => `${x.path.join('.') || '(root)'}: ${x.message}`).join('; '));
    const b = r.data;
    if (seen.has(b.id)) throw new BeadsParseError(i + 1, `duplicate id ${b.id}`);
    seen.add(b.id);
    out.push({
      lineNo: i + 1,
      line,
      fields: {
        id: b.id,
        title: b.title,
        description: b.description,
        status: BEADS_STATUS[b.status],
        priority: b.priority,
        type: b.issue_type,
        labels: b.labels ?? [],
        dependencies: (b.dependencies ?? []).map((d) => ({ type: d.type, dependsOn: d.depends_on_id })),
        createdAt: b.created_at,
        updatedAt: b.updated_at,
        ...(b.assignee ? { assignee: b.assignee } : {}),
        ...(b.estimated_minutes != null ? { estimate: b.estimated_minutes } : {}),
        ...(b.acceptance_criteria ? { acceptance: b.acceptance_criteria } : {}),
        ...(b.closed_at ? { closedAt: b.closed_at } : {}),
      },
    });
  });
  return out;
}

/** The task's beads-visible fields, as one string: export gives the imported line back while this is unchanged. */
export function fingerprint(t: Omit<BeadsFields, 'updatedAt'> & Partial<Pick<Task, 'updatedAt'>>): string {
  return JSON.stringify([
    t.id,
    t.title,
    t.description,
    t.status,
    t.priority,
    t.type,
    t.labels,
    t.dependencies,
    t.createdAt,
    t.assignee ?? null,
    t.estimate ?? null,
    t.acceptance ?? null,
    t.closedAt ?? null,
  ]);
}

/** Go's encoding/json escapes these; a line we write looks like one `bd` writes. */
const goJson = (v: unknown): string => JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Keys in the order beads writes them; others we keep where they were. */
const ORDER = [
  'id',
  'title',
  'description',
  'design',
  'acceptance_criteria',
  'notes',
  'status',
  'priority',
  'issue_type',
  'assignee',
  'estimated_minutes',
  'created_at',
  'updated_at',
  'closed_at',
  'close_reason',
  'external_ref',
  'labels',
  'dependencies',
  'comments',
];

/**
 * One task as a beads line: the imported line itself while the task's fields are what they were then; otherwise
 * the imported object (unknown fields and key order kept) with our fields written over it, or a new object.
 */
export function beadsLineOf(t: Task & { beads?: { line: string; fingerprint: string } }): string {
  if (t.beads && t.beads.fingerprint === fingerprint(t)) return t.beads.line;
  const base = (t.beads ? JSON.parse(t.beads.line) : {}) as Record<string, unknown>;
  const rawStatus = typeof base.status === 'string' ? base.status : undefined;
  const rawDeps = (Array.isArray(base.dependencies) ? base.dependencies : []) as Record<string, unknown>[];
  const ours: Record<string, unknown> = {
    id: t.id,
    title: t.title,
    description: t.description,
    acceptance_criteria: t.acceptance,
    status: rawStatus && BEADS_STATUS[rawStatus] === t.status ? rawStatus : t.status === 'done' || t.status === 'cancelled' ? 'closed' : t.status,
    priority: t.priority,
    issue_type: t.type,
    assignee: t.assignee,
    estimated_minutes: t.estimate,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
    closed_at: t.closedAt ?? (t.status === 'done' || t.status === 'cancelled' ? t.updatedAt : undefined),
    labels: t.labels.length ? t.labels : undefined,
    dependencies: t.dependencies.length
      ? t.dependencies.map(
          (d) =>
            rawDeps.find((r) => r.depends_on_id === d.dependsOn && r.type === d.type) ?? {
              issue_id: t.id,
              depends_on_id: d.dependsOn,
              type: d.type,
              created_at: t.updatedAt,
              created_by: t.createdBy ?? 'flywheel',
            },
        )
      : undefined,
  };
  const out: Record<string, unknown> = {};
  const keys = [...Object.keys(base), ...ORDER.filter((k) => !(k in base))];
  const ordered = t.beads ? keys : ORDER;
  for (const k of ordered) {
    const v = k in ours ? ours[k] : base[k];
    if (v !== undefined) out[k] = v;
  }
  return goJson(out);
}

/** A project's tasks as a beads file (one line each, newline-terminated). */
export const beadsFileOf = (ts: readonly Parameters<typeof beadsLineOf>[0][]): string => ts.map((t) => `${beadsLineOf(t)}\n`).join('');
