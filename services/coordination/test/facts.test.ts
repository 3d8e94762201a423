import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentToolsEvent, coordRpcs, type Conflict } from '@flywheel/contracts';
import { DurablePublisher } from '@flywheel/kit';
import { testLogger, waitFor } from '@flywheel/kit/testing';
import { startCoordStack, type CoordStack } from './helpers/coord-stack.ts';

const P = 'prj_facts00000000000';
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    stdio: 'pipe',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
  }).toString();

describe('conflicts from what agents actually do', () => {
  let s: CoordStack;
  let durable: DurablePublisher;
  let repo: string;
  let seq = 100;
  const write = (agentId: string, path: string) =>
    durable.publish(agentToolsEvent, [agentId], { type: 'file', agentId, seq: ++seq, ts: new Date().toISOString(), op: 'write', path }, `${agentId}:${seq}`);
  const conflicts = async (type: Conflict['type']) => (await s.call(coordRpcs.conflicts, { projectId: P, type })).items;

  beforeAll(async () => {
    repo = mkdtempSync(join(tmpdir(), 'fw-facts-repo-'));
    s = await startCoordStack({ UNMERGED_SCAN_MS: '100' });
    durable = new DurablePublisher(s.nc, { logger: testLogger() });
    await s.agent('f-a', { projectId: P, accountId: 'acme', treeRoot: '/trees/main' });
    await s.agent('f-b', { projectId: P, accountId: 'acme', treeRoot: '/trees/feature' });
  });
  afterAll(async () => {
    await durable?.close(0);
    await s?.stop();
    rmSync(repo, { recursive: true, force: true });
  });

  it('two agents writing one file from two worktrees within the window is a concurrent_write conflict', async () => {
    await write('f-a', '/trees/main/src/shared.ts');
    await write('f-b', '/trees/feature/src/shared.ts');
    const c = await waitFor(async () => (await conflicts('concurrent_write')).find((x) => x.resource === 'src/shared.ts'), { what: 'concurrent_write' });
    expect(c).toMatchObject({ resource: 'src/shared.ts', severity: 'high', status: 'open' });
    expect([...c.agents].sort()).toEqual(['f-a', 'f-b']);
  });

  it("a write seen in an agent's tool events over another agent's exclusive lease is a reserved_write conflict", async () => {
    await s.call(coordRpcs.reserve, { agentId: 'f-a', patterns: ['docs/**'] });
    await write('f-b', '/trees/feature/docs/guide.md');
    const c = await waitFor(async () => (await conflicts('reserved_write')).find((x) => x.resource === 'docs/guide.md'), { what: 'reserved_write' });
    expect(c.evidence).toMatchObject({ source: 'tool_event', holder: 'f-a', pattern: 'docs/**' });
  });

  it('a live agent’s tree with unmerged paths is an unmerged_paths conflict, resolved once they are merged', async () => {
    writeFileSync(join(repo, 'a.txt'), 'base\n');
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'base');
    git(repo, 'checkout', '-qb', 'other');
    writeFileSync(join(repo, 'a.txt'), 'other\n');
    git(repo, 'commit', '-qam', 'other');
    git(repo, 'checkout', '-q', 'main');
    writeFileSync(join(repo, 'a.txt'), 'main\n');
    git(repo, 'commit', '-qam', 'main');
    try {
      git(repo, 'merge', 'other');
    } catch {
      // the merge stops on the conflict, which is the point
    }
    await s.agent('f-c', { projectId: P, accountId: 'acme', treeRoot: repo });
    const c = await waitFor(async () => (await conflicts('unmerged_paths')).find((x) => x.resource === repo && x.status === 'open'), {
      what: 'unmerged_paths',
    });
    expect(c.evidence).toMatchObject({ paths: ['a.txt'], count: 1 });
    writeFileSync(join(repo, 'a.txt'), 'merged\n');
    git(repo, 'add', 'a.txt');
    await waitFor(async () => (await s.call(coordRpcs.conflict, { id: c.id })).status === 'resolved', { what: 'unmerged conflict resolved' });
  });
});
