import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Task } from '@flywheel/contracts';
import { BeadsParseError, beadsFileOf, beadsLineOf, fingerprint, parseBeads } from './beads.ts';

/** Written from beads' internal/types/types.go (field names, order, statuses, types, dependency kinds). */
const FILE = readFileSync(new URL('./fixtures/issues.jsonl', import.meta.url), 'utf8');

/** What the service stores for an imported line. */
const asTasks = (jsonl: string) =>
  parseBeads(jsonl).map(
    ({ line, fields }) =>
      ({ ...fields, projectId: 'prj_1', beads: { line, fingerprint: fingerprint(fields) } }) as Task & { beads: { line: string; fingerprint: string } },
  );

describe('beads JSONL', () => {
  it('reads ids, statuses, priorities, types, labels, estimates, acceptance and every dependency kind', () => {
    const [a, c, e, e1, g] = parseBeads(FILE).map((l) => l.fields);
    expect(a).toMatchObject({
      id: 'bd-a1b2',
      status: 'done',
      priority: 1,
      type: 'task',
      assignee: 'alice',
      estimate: 90,
      acceptance: 'migrations run on an empty db',
      labels: ['backend', 'db'],
      closedAt: '2025-10-14T11:30:00-07:00',
      description: 'Tables for issues & dependencies',
    });
    expect(c).toMatchObject({ id: 'bd-c3d4', status: 'open', priority: 0, type: 'feature', dependencies: [{ type: 'blocks', dependsOn: 'bd-a1b2' }] });
    expect(e.dependencies).toEqual([
      { type: 'blocks', dependsOn: 'bd-c3d4' },
      { type: 'related', dependsOn: 'bd-a1b2' },
    ]);
    expect(e1).toMatchObject({
      id: 'bd-e5f6.1',
      status: 'blocked',
      type: 'bug',
      dependencies: [
        { type: 'parent-child', dependsOn: 'bd-e5f6' },
        { type: 'discovered-from', dependsOn: 'bd-e5f6' },
      ],
    });
    expect(g).toMatchObject({ status: 'cancelled', type: 'chore' });
  });

  it('exports an unchanged import line for line, byte for byte', () => {
    expect(beadsFileOf(asTasks(FILE))).toBe(FILE);
  });

  it('a changed task keeps its unknown fields and key order and writes only what changed', () => {
    const [, c, e] = asTasks(FILE);
    const line = JSON.parse(beadsLineOf({ ...e, status: 'done', closedAt: '2025-10-16T00:00:00Z', updatedAt: '2025-10-16T00:00:00Z' }));
    const before = JSON.parse(e.beads.line);
    expect(Object.keys(line)).toEqual([...Object.keys(before), 'closed_at']);
    expect(line).toEqual({ ...before, status: 'closed', updated_at: '2025-10-16T00:00:00Z', closed_at: '2025-10-16T00:00:00Z' });
    const added = JSON.parse(beadsLineOf({ ...c, labels: ['api'], dependencies: [...c.dependencies, { type: 'related', dependsOn: 'bd-e5f6' }] }));
    expect(added.labels).toEqual(['api']);
    expect(added.dependencies[0]).toEqual(JSON.parse(c.beads.line).dependencies[0]);
    expect(added.dependencies[1]).toMatchObject({ issue_id: 'bd-c3d4', depends_on_id: 'bd-e5f6', type: 'related' });
  });

  it('writes a task of ours in beads field order, with Go-style escapes', () => {
    const t: Task = {
      id: 'tsk_1',
      projectId: 'p',
      title: 'a <b>',
      description: 'x',
      status: 'done',
      priority: 2,
      type: 'bug',
      labels: [],
      dependencies: [{ type: 'blocks', dependsOn: 'tsk_0' }],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
      closedAt: '2026-01-02T00:00:00.000Z',
      acceptance: 'ok',
    };
    const line = beadsLineOf(t);
    expect(line).toContain('"title":"a \\u003cb\\u003e"');
    expect(Object.keys(JSON.parse(line))).toEqual([
      'id',
      'title',
      'description',
      'acceptance_criteria',
      'status',
      'priority',
      'issue_type',
      'created_at',
      'updated_at',
      'closed_at',
      'dependencies',
    ]);
    expect(JSON.parse(line)).toMatchObject({ status: 'closed', issue_type: 'bug' });
  });

  it('names the first bad line', () => {
    expect(() => parseBeads('{"id":"bd-1"}\n')).toThrow(BeadsParseError);
    expect(() => parseBeads(`${FILE.split('\n')[1]}\nnot json\n`)).toThrow(/line 2: not JSON/);
    expect(() => parseBeads(FILE.replace('"status":"open"', '"status":"wontfix"'))).toThrow(/line 2: status/);
    expect(() => parseBeads(`${FILE.split('\n')[1]}\n${FILE.split('\n')[1]}\n`)).toThrow(/line 2: duplicate id bd-c3d4/);
  });
});
