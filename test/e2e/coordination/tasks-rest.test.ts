/**
 * The work graph through the gateway: create, views, graph, history (who did it), transitions, cycles named,
 * bad input stored nowhere, roles, account isolation, beads import/export, and the events on workspace:tasks.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, TestClient, type Stack } from '../../support/index.ts';

const P = 'prj_tasks0000000001';
const BEADS = readFileSync(new URL('../../../services/coordination/src/domain/fixtures/issues.jsonl', import.meta.url), 'utf8');

let s: Stack;
let live: TestClient;
const ids: Record<string, string> = {};
const create = async (body: Record<string, unknown>, account = 'acct-a') => {
  const r = await s.http('POST', '/tasks', { projectId: P, ...body }, { account });
  expect(r.status, r.text).toBe(201);
  return r.body.id as string;
};
const list = async (view: string, projectId = P) =>
  (await s.http('GET', `/tasks?projectId=${projectId}&view=${view}`)).body.items.map((t: { id: string }) => t.id);

beforeAll(async () => {
  s = await startStack({ services: ['coordination', 'ws-hub', 'gateway-api'] });
  live = await TestClient.connect(s.port('ws-hub'), await s.key('viewer', 'acct-a'));
  await live.subscribe([`workspace:tasks:${P}`]);
});
afterAll(async () => {
  await live?.close();
  await s?.stop();
});

describe('tasks over REST', () => {
  it('creates tasks (201 with an id), and the ready, blocked and in_progress views follow the blocks dependencies', async () => {
    ids.base = await create({ title: 'base', priority: 1, acceptance: 'tests pass', labels: ['core'] });
    ids.left = await create({ title: 'left', priority: 2, dependencies: [{ type: 'blocks', dependsOn: ids.base }] });
    ids.right = await create({ title: 'right', priority: 0, dependencies: [{ type: 'blocks', dependsOn: ids.base }] });
    ids.loose = await create({ title: 'loose', priority: 3, type: 'chore', dependencies: [{ type: 'related', dependsOn: ids.base }] });
    expect(ids.base).toMatch(/^tsk_/);
    expect(await list('ready')).toEqual([ids.base, ids.loose]);
    const blocked = (await s.http('GET', `/tasks?projectId=${P}&view=blocked`)).body.items;
    expect(blocked.map((t: { id: string; blockedBy: string[] }) => [t.id, t.blockedBy])).toEqual([
      [ids.right, [ids.base]],
      [ids.left, [ids.base]],
    ]);
    const got = (await s.http('GET', `/tasks/${ids.base}`)).body;
    expect(got).toMatchObject({ title: 'base', status: 'open', priority: 1, type: 'task', labels: ['core'], acceptance: 'tests pass', accountId: 'acct-a' });
    const graph = (await s.http('GET', `/tasks/graph?projectId=${P}`)).body;
    expect(graph.nodes).toHaveLength(4);
    expect(graph.edges).toEqual(
      expect.arrayContaining([
        { from: ids.left, to: ids.base, type: 'blocks' },
        { from: ids.loose, to: ids.base, type: 'related' },
      ]),
    );
    const ev = await live.next((f) => f.type === 'event' && (f.data as any).type === 'created' && (f.data as any).task.id === ids.right);
    expect(ev).toMatchObject({ channel: `workspace:tasks:${P}` });
  });

  it('claims and completes through status changes; completing names the tasks it unblocked; history says who did what', async () => {
    const claimed = await s.http('POST', `/tasks/${ids.base}/claim`, { agentId: 'agent-x' });
    expect(claimed.status, claimed.text).toBe(200);
    expect(claimed.body).toMatchObject({ status: 'in_progress', assignee: 'agent-x' });
    expect(await list('in_progress')).toEqual([ids.base]);
    expect((await s.http('POST', `/tasks/${ids.left}/claim`, { agentId: 'agent-y' })).body.error).toMatchObject({
      code: 'CONFLICT',
      message: `task ${ids.left} is blocked by ${ids.base}`,
    });
    const done = await s.http('POST', `/tasks/${ids.base}/complete`, { note: 'merged' });
    expect(done.body.task).toMatchObject({ status: 'done' });
    expect(done.body.unblocked.map((t: { id: string }) => t.id).sort()).toEqual([ids.left, ids.right].sort());
    expect(await list('ready')).toEqual([ids.right, ids.left, ids.loose]);
    await live.next((f) => f.type === 'event' && (f.data as any).type === 'completed' && (f.data as any).unblocked?.length === 2);

    const reopened = await s.http('PATCH', `/tasks/${ids.base}`, { status: 'open' });
    expect(reopened.body).toMatchObject({ status: 'open' });
    expect(reopened.body.closedAt).toBeUndefined();
    const history = (await s.http('GET', `/tasks/${ids.base}/history`)).body.items;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['created', 'claimed', 'completed', 'updated', 'reopened']);
    expect(history.every((h: { actor: string }) => h.actor.startsWith('acct-a/'))).toBe(true);
    expect(history[1]).toMatchObject({ agentId: 'agent-x', changes: { status: { from: 'open', to: 'in_progress' }, assignee: { to: 'agent-x' } } });
    const v = (await s.http('GET', `/analytics/velocity?projectId=${P}`)).body;
    expect(v.total).toMatchObject({ completed: 1, reopened: 1, leadTimeS: { count: 1 }, cycleTimeS: { count: 1 }, byType: { task: { completed: 1 } } });
    expect(v.days).toHaveLength(1);
    expect((await s.http('GET', `/analytics/velocity?projectId=${P}&from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z`)).body.total.completed).toBe(0);
    expect((await s.http('GET', `/analytics/velocity?projectId=${P}&from=yesterday`)).status).toBe(400);
    // Reopened, base blocks left and right again.
    expect(await list('blocked')).toEqual([ids.right, ids.left]);
  });

  it('refuses moves the status machine does not allow', async () => {
    await s.http('PATCH', `/tasks/${ids.loose}`, { status: 'cancelled' });
    const r = await s.http('PATCH', `/tasks/${ids.loose}`, { status: 'done' });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toBe(`task ${ids.loose} cannot move from cancelled to done`);
  });

  it('refuses a dependency cycle naming it, and changes nothing', async () => {
    const r = await s.http('PATCH', `/tasks/${ids.base}`, { dependencies: [{ type: 'blocks', dependsOn: ids.left }] });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({
      code: 'CONFLICT',
      message: `dependency cycle: ${ids.base} → ${ids.left} → ${ids.base}`,
      details: { cycle: [ids.base, ids.left, ids.base] },
    });
    expect((await s.http('GET', `/tasks/${ids.base}`)).body.dependencies).toEqual([]);
    expect((await s.http('GET', `/tasks/${ids.base}/history`)).body.items).toHaveLength(5);
  });

  it('answers bad input with 400 in the envelope and stores nothing', async () => {
    const before = (await list('all')).length;
    for (const body of [
      { title: '' },
      { title: 'x', priority: 5 },
      { title: 'x', type: 'story' },
      { title: 'x', dependencies: [{ type: 'waits-for', dependsOn: ids.base }] },
      { title: 'x', dependencies: [{ type: 'blocks', dependsOn: 'tsk_nothere' }] },
      {
        title: 'x',
        dependencies: [
          { type: 'blocks', dependsOn: ids.base },
          { type: 'blocks', dependsOn: ids.base },
        ],
      },
    ]) {
      const r = await s.http('POST', '/tasks', { projectId: P, ...body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('BAD_REQUEST');
    }
    expect((await s.http('POST', '/tasks', { title: 'no project' })).status).toBe(400);
    expect((await s.http('PATCH', `/tasks/${ids.base}`, { status: 'finished' })).status).toBe(400);
    expect((await s.http('GET', `/tasks?projectId=${P}&view=soon`)).status).toBe(400);
    expect((await s.http('GET', '/tasks/tsk_nothere')).status).toBe(404);
    expect((await list('all')).length).toBe(before);
  });

  it('lets viewers read and only operators write; another account neither sees nor touches the project', async () => {
    expect((await s.http('POST', '/tasks', { projectId: P, title: 'by a viewer' }, { as: 'viewer' })).status).toBe(403);
    expect((await s.http('GET', `/tasks?projectId=${P}`, undefined, { as: 'viewer' })).status).toBe(200);
    expect((await s.http('GET', `/tasks?projectId=${P}`, undefined, { account: 'acct-b' })).body.items).toEqual([]);
    expect((await s.http('GET', `/tasks/${ids.base}`, undefined, { account: 'acct-b' })).status).toBe(403);
    expect((await s.http('PATCH', `/tasks/${ids.base}`, { title: 'mine' }, { account: 'acct-b' })).status).toBe(403);
    expect((await s.http('POST', '/tasks', { projectId: P, title: 'squat' }, { account: 'acct-b' })).status).toBe(403);
    // The admin sees everything.
    expect((await s.http('GET', `/tasks?projectId=${P}`, undefined, { key: s.adminKey })).body.items.length).toBeGreaterThan(0);
  });

  it('deletes a task and the dependencies on it', async () => {
    expect((await s.http('DELETE', `/tasks/${ids.base}`)).body).toEqual({ deleted: ids.base });
    expect((await s.http('GET', `/tasks/${ids.left}`)).body.dependencies).toEqual([]);
    expect((await s.http('GET', `/tasks/${ids.base}`)).status).toBe(404);
    expect((await s.http('GET', `/tasks/${ids.base}/history`)).body.items.at(-1)).toMatchObject({ action: 'deleted' });
  });
});

describe('beads JSONL import and export', () => {
  const B = 'prj_beads0000000001';

  it('imports a beads file: same ids, statuses, priorities, types and dependencies; export gives the same lines back', async () => {
    const r = await s.http('POST', '/tasks/import', { projectId: B, jsonl: BEADS });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({ created: ['bd-a1b2', 'bd-c3d4', 'bd-e5f6', 'bd-e5f6.1', 'bd-g7h8'], updated: [], unchanged: [] });
    const tasks = (await s.http('GET', `/tasks?projectId=${B}`)).body.items;
    expect(tasks.map((t: any) => [t.id, t.status, t.priority, t.type])).toEqual([
      ['bd-a1b2', 'done', 1, 'task'],
      ['bd-c3d4', 'open', 0, 'feature'],
      ['bd-e5f6', 'in_progress', 2, 'task'],
      ['bd-e5f6.1', 'blocked', 3, 'bug'],
      ['bd-g7h8', 'cancelled', 4, 'chore'],
    ]);
    expect(tasks[3].dependencies).toEqual([
      { type: 'parent-child', dependsOn: 'bd-e5f6' },
      { type: 'discovered-from', dependsOn: 'bd-e5f6' },
    ]);
    expect(await list('ready', B)).toEqual(['bd-c3d4']);
    const out = await s.http('GET', `/tasks/export?projectId=${B}`);
    expect(out.status).toBe(200);
    expect(out.text).toBe(BEADS);
    // Importing the same file again changes nothing.
    expect((await s.http('POST', '/tasks/import', { projectId: B, jsonl: BEADS })).body.unchanged).toHaveLength(5);
  });

  it('a change made here shows in the export, the other lines stay as they were', async () => {
    await s.http('POST', '/tasks/bd-c3d4/claim', { agentId: 'agent-z' });
    const lines = (await s.http('GET', `/tasks/export?projectId=${B}`)).text.split('\n');
    const before = BEADS.split('\n');
    expect(JSON.parse(lines[1])).toMatchObject({ id: 'bd-c3d4', status: 'in_progress', assignee: 'agent-z' });
    expect([lines[0], ...lines.slice(2)]).toEqual([before[0], ...before.slice(2)]);
  });

  it('refuses a bad file naming the line, and a cycle naming it, storing nothing', async () => {
    const C = 'prj_beads0000000002';
    const bad = await s.http('POST', '/tasks/import', { projectId: C, jsonl: `${BEADS.split('\n')[0]}\n{"id":"bd-x"}\n` });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^invalid jsonl: line 2: /);
    const a =
      '{"id":"c-1","title":"one","description":"","status":"open","priority":2,"issue_type":"task","created_at":"2025-01-01T00:00:00Z","updated_at":"2025-01-01T00:00:00Z","dependencies":[{"issue_id":"c-1","depends_on_id":"c-2","type":"blocks","created_at":"2025-01-01T00:00:00Z","created_by":"x"}]}';
    const b = a.replaceAll('c-1', 'c-9').replaceAll('c-2', 'c-1').replaceAll('c-9', 'c-2');
    const cyc = await s.http('POST', '/tasks/import', { projectId: C, jsonl: `${a}\n${b}\n` });
    expect(cyc.status).toBe(409);
    expect(cyc.body.error.message).toBe('dependency cycle: c-1 → c-2 → c-1');
    expect((await s.http('GET', `/tasks?projectId=${C}`)).body.items).toEqual([]);
  });
});
