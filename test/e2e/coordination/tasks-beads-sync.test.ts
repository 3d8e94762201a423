/** A project opted in to sync with a repository's .beads/issues.jsonl: changes flow both ways. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@flywheel/kit/testing';
import { startStack, type Stack } from '../../support/index.ts';

const P = 'prj_beadssync000001';
const BEADS = readFileSync(new URL('../../../services/coordination/src/domain/fixtures/issues.jsonl', import.meta.url), 'utf8');

let s: Stack;
let repo: string;
let file: string;

beforeAll(async () => {
  s = await startStack({ services: ['coordination', 'gateway-api'] });
  repo = s.tmp('fw-beads-repo-');
  file = join(repo, '.beads', 'issues.jsonl');
  mkdirSync(join(repo, '.beads'));
  mkdirSync(join(repo, '.git'));
  writeFileSync(file, BEADS);
});
afterAll(async () => {
  await s?.stop();
});

describe('two-way beads file sync', () => {
  it('refuses a directory that is not a git repository', async () => {
    const r = await s.http('PUT', `/tasks/beads-sync/${P}`, { enabled: true, repository: s.tmp('fw-not-repo-') });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/is not a git repository$/);
  });

  it('turning it on imports the file and leaves it as it was', async () => {
    const r = await s.http('PUT', `/tasks/beads-sync/${P}`, { enabled: true, repository: repo });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({ enabled: true, repository: repo, projectId: P, file });
    expect((await s.http('GET', `/tasks?projectId=${P}`)).body.items.map((t: { id: string }) => t.id)).toEqual([
      'bd-a1b2',
      'bd-c3d4',
      'bd-e5f6',
      'bd-e5f6.1',
      'bd-g7h8',
    ]);
    expect(readFileSync(file, 'utf8')).toBe(BEADS);
  });

  it('a task created or changed here is written to the file', async () => {
    const created = (await s.http('POST', '/tasks', { projectId: P, title: 'from the gateway', dependencies: [{ type: 'blocks', dependsOn: 'bd-c3d4' }] })).body
      .id;
    await s.http('POST', '/tasks/bd-c3d4/claim', { agentId: 'agent-s' });
    const lines = await waitFor(
      () => {
        const l = readFileSync(file, 'utf8').trimEnd().split('\n');
        return l.length === 6 && l[1].includes('"in_progress"') ? l : undefined;
      },
      { what: 'file rewritten' },
    );
    expect(JSON.parse(lines[5])).toMatchObject({
      id: created,
      title: 'from the gateway',
      status: 'open',
      dependencies: [{ issue_id: created, depends_on_id: 'bd-c3d4', type: 'blocks' }],
    });
    expect(JSON.parse(lines[1])).toMatchObject({ id: 'bd-c3d4', status: 'in_progress', assignee: 'agent-s' });
    expect(lines[0]).toBe(BEADS.split('\n')[0]);
  });

  it('a change to the file (as bd or a git pull writes it) is imported', async () => {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const c = JSON.parse(lines[1]);
    lines[1] = JSON.stringify({ ...c, status: 'closed', closed_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' });
    lines.push(
      '{"id":"bd-n3w","title":"written by bd","description":"","status":"open","priority":1,"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}',
    );
    writeFileSync(`${file}.tmp`, `${lines.join('\n')}\n`);
    renameSync(`${file}.tmp`, file);
    const c3 = await waitFor(
      async () => {
        const t = (await s.http('GET', '/tasks/bd-c3d4')).body;
        return t.status === 'done' ? t : undefined;
      },
      { what: 'file change imported' },
    );
    expect(c3.closedAt).toBe('2026-01-01T00:00:00Z');
    expect((await s.http('GET', '/tasks/bd-n3w')).body).toMatchObject({ title: 'written by bd', priority: 1 });
    const history = (await s.http('GET', '/tasks/bd-c3d4/history')).body.items;
    expect(history.at(-1)).toMatchObject({ action: 'imported', actor: 'beads-sync', changes: { status: { from: 'in_progress', to: 'done' } } });
  });

  it('turning it off ends the sync', async () => {
    expect((await s.http('PUT', `/tasks/beads-sync/${P}`, { enabled: false, repository: repo })).body).toEqual({
      enabled: false,
      repository: repo,
      projectId: P,
      file,
    });
  });
});
