import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@flywheel/kit/testing';
import { startStack, type Stack } from '../support/index.ts';
import { allEvents, waitEvent, waitState } from './helpers/agent-events.ts';

const ID = { GIT_AUTHOR_NAME: 'user', GIT_AUTHOR_EMAIL: 'u@u', GIT_COMMITTER_NAME: 'user', GIT_COMMITTER_EMAIL: 'u@u' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe', env: { ...process.env, ...ID } }).toString();

/** tmux agents (a shell writing files) are enough here: setup output, reservations in the preview, a conflict handed back, cleanup `always`. */
describe('worktrees: setup script, reservations in the merge preview, conflict handed to the agent, cleanup always', () => {
  let h: Stack;
  let repo: string;

  beforeAll(async () => {
    h = await startStack({ services: ['gateway-api', { name: 'agent-runner', id: 'r-wtc', env: { TMUX_POLL_MS: '50' } }, 'coordination'] });
    repo = h.tmp('fw-wtc-repo-');
    git(repo, 'init', '-q', '-b', 'trunk');
    writeFileSync(join(repo, 'README.md'), '# project\n');
    writeFileSync(join(repo, '.gitignore'), '.env\n');
    git(repo, 'add', 'README.md', '.gitignore');
    // An ignored .env the worktree would not get from git: copied by .worktreeinclude.
    writeFileSync(join(repo, '.env'), 'SECRET=1\n');
    writeFileSync(join(repo, '.worktreeinclude'), '# local env\n.env\n');
    git(repo, 'commit', '-qm', 'init');
    mkdirSync(join(repo, '.flywheel'));
    writeFileSync(join(repo, '.flywheel', 'settings.json'), JSON.stringify({ cleanup: 'always', setup: ['sh', '-c', 'echo setup-ran-in-$(basename "$PWD")'] }));
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('streams setup output, warns of reservations, hands a conflict to the agent, and removes the worktree when it ends', async () => {
    const spawn = await h.http('POST', '/agents', {
      driver: 'tmux',
      name: 'delta',
      isolation: 'worktree',
      workingDirectory: repo,
      command: ['sh'],
      env: { PS1: '$ ' },
    });
    expect(spawn.status).toBe(201);
    const id = spawn.body.id as string;
    const wt = join(repo, '.flywheel', 'worktrees', 'delta');
    expect(spawn.body.worktree).toMatchObject({ path: wt, branch: 'flywheel/delta', target: 'trunk', cleanup: 'always' });
    await waitEvent(h, id, (e) => e.type === 'output' && e.text.includes('setup-ran-in-delta'), 'setup output');
    await waitEvent(h, id, (e) => e.type === 'output' && e.text === 'worktree: copied .env (.worktreeinclude)', 'include output');
    expect(readFileSync(join(wt, '.env'), 'utf8')).toBe('SECRET=1\n');
    await waitState(h, id, 'ready');
    await h.http('POST', `/agents/${id}/send`, { message: 'echo D > d.txt && echo wrote-$((2+2))' });
    await waitEvent(h, id, (e) => e.type === 'output' && e.text === 'wrote-4', 'd.txt written');

    // Another agent of the project (in-place) holds d.txt: the preview says so.
    const other = await h.http('POST', '/agents', {
      driver: 'tmux',
      name: 'epsilon',
      isolation: 'in-place',
      workingDirectory: repo,
      command: ['sh'],
      env: { PS1: '$ ' },
    });
    await waitState(h, other.body.id, 'ready');
    await waitFor(async () => (await h.http('POST', '/reservations', { agentId: other.body.id, patterns: ['*.txt'] })).status === 201, {
      what: 'a reservation',
    });
    const preview = await h.http('GET', `/agents/${id}/merge-preview`);
    expect(preview.body).toMatchObject({ files: ['d.txt'], target: 'trunk', reservationsChecked: true, conflicts: [] });
    expect(preview.body.reservations).toEqual([expect.objectContaining({ agentId: other.body.id, patterns: ['*.txt'], files: ['d.txt'] })]);

    // Another account's agent changing the same file is named to an admin, never to acct-a.
    const B = { account: 'acct-b' };
    const iota = (
      await h.http('POST', '/agents', { driver: 'tmux', name: 'iota', isolation: 'worktree', workingDirectory: repo, command: ['sh'], env: { PS1: '$ ' } }, B)
    ).body.id as string;
    await waitFor(async () => (await h.http('GET', `/agents/${iota}`, undefined, B)).body.state === 'ready', { what: 'iota ready' });
    await h.http('POST', `/agents/${iota}/send`, { message: 'echo I > d.txt && echo wrote-$((4+4))' }, B);
    await waitFor(async () => (await allEvents(h, iota, 'events', B)).some((e) => e.type === 'output' && e.text === 'wrote-8'), {
      what: 'iota wrote',
      timeoutMs: 20_000,
    });
    expect((await h.http('GET', `/agents/${id}/merge-preview`)).body.branches).toEqual([]);
    expect((await h.http('GET', `/agents/${id}/merge-preview`, undefined, { as: 'admin' })).body.branches).toEqual([
      expect.objectContaining({ agentId: iota, files: ['d.txt'] }),
    ]);
    await h.http('DELETE', `/agents/${iota}`, undefined, B);
    await waitFor(async () => (await h.http('GET', `/agents/${iota}`, undefined, B)).body.worktree.removed, { what: 'iota worktree removed' });

    // Another account sees and prunes none of it.
    expect((await h.http('GET', '/worktrees', undefined, { account: 'acct-b' })).body.items).toEqual([]);
    expect((await h.http('POST', '/worktrees/prune', { force: true }, { account: 'acct-b' })).body).toEqual({ removed: [], kept: [] });
    expect((await h.http('GET', '/worktrees')).body.items).toEqual([expect.objectContaining({ path: wt, agentId: id, dirty: true })]);

    // A dirty checkout of the target is never touched: 409 before anything happens.
    writeFileSync(join(repo, 'README.md'), '# project, being edited\n');
    const dirtyTarget = await h.http('POST', `/agents/${id}/merge`, { strategy: 'merge' });
    expect(dirtyTarget.status).toBe(409);
    expect(dirtyTarget.body.error.message).toMatch(/checked out in .* with uncommitted changes/);
    expect(git(wt, 'status', '--porcelain')).toBe('?? d.txt\n');
    git(repo, 'checkout', '--', 'README.md');

    // The user commits a different d.txt on trunk: the merge conflicts, and the agent is told to resolve it.
    writeFileSync(join(repo, 'd.txt'), 'trunk D\n');
    git(repo, 'add', 'd.txt');
    git(repo, 'commit', '-qm', 'user d');
    const trunk = git(repo, 'rev-parse', 'trunk').trim();
    const merge = await h.http('POST', `/agents/${id}/merge`, { strategy: 'rebase', onConflict: 'send-to-agent' });
    expect(merge.status).toBe(409);
    expect(merge.body.error.details).toMatchObject({ files: ['d.txt'], sentToAgent: expect.any(String) });
    expect(git(repo, 'rev-parse', 'trunk').trim()).toBe(trunk);
    expect(git(wt, 'status', '--porcelain')).toBe('?? d.txt\n');
    const cmds = (await h.http('GET', `/agents/${id}/commands`)).body.items as { kind: string; message?: string }[];
    expect(cmds.at(-1)).toMatchObject({ kind: 'send', message: expect.stringContaining('conflicts in: d.txt') });

    // cleanup always: the worktree goes when the agent ends, its work committed to the branch, which stays (unmerged).
    await h.http('DELETE', `/agents/${id}`);
    await waitFor(async () => (await h.http('GET', `/agents/${id}`)).body.worktree.removed, { what: 'worktree removed', timeoutMs: 10_000 });
    expect(existsSync(wt)).toBe(false);
    expect(git(repo, 'show', 'flywheel/delta:d.txt')).toBe('D\n');
    expect(git(repo, 'log', '-1', '--format=%an', 'flywheel/delta').trim()).toBe('Flywheel agent delta');
    const agent = (await h.http('GET', `/agents/${id}`)).body;
    expect(agent.worktree.removed).toMatchObject({ branchDeleted: false });
    await h.http('DELETE', `/agents/${other.body.id}`);

    // An ended agent whose worktree is gone still merges from its branch (rebase: linear history), and then its branch goes too.
    const theta = (
      await h.http('POST', '/agents', { driver: 'tmux', name: 'theta', isolation: 'worktree', workingDirectory: repo, command: ['sh'], env: { PS1: '$ ' } })
    ).body.id as string;
    await waitState(h, theta, 'ready');
    await h.http('POST', `/agents/${theta}/send`, { message: 'echo T > t.txt && echo wrote-$((3+3))' });
    await waitEvent(h, theta, (e) => e.type === 'output' && e.text === 'wrote-6', 't.txt written');
    await h.http('DELETE', `/agents/${theta}`);
    const wtT = join(repo, '.flywheel', 'worktrees', 'theta');
    await waitFor(async () => (await h.http('GET', `/agents/${theta}`)).body.worktree.removed, { what: 'theta worktree removed', timeoutMs: 10_000 });
    expect(existsSync(wtT)).toBe(false);
    const before = git(repo, 'rev-parse', 'trunk').trim();
    const rebased = await h.http('POST', `/agents/${theta}/merge`, { strategy: 'rebase' });
    expect(rebased.status).toBe(200);
    expect(rebased.body).toMatchObject({ strategy: 'rebase', previous: before, cleanup: { policy: 'always', branchDeleted: true } });
    expect(git(repo, 'show', 'trunk:t.txt')).toBe('T\n');
    expect(git(repo, 'rev-parse', `${rebased.body.commit}^`).trim()).toBe(before);
    expect(git(repo, 'rev-list', '--parents', '-1', 'trunk').trim().split(' ')).toHaveLength(2);
    expect(git(repo, 'branch', '--list', 'flywheel/theta')).toBe('');
  }, 120_000);
  it('approves the work as it stands: the approval is recorded with its approver and goes out of date when a file changes', async () => {
    const kappa = (
      await h.http('POST', '/agents', { driver: 'tmux', name: 'kappa', isolation: 'worktree', workingDirectory: repo, command: ['sh'], env: { PS1: '$ ' } })
    ).body.id as string;
    await waitState(h, kappa, 'ready');
    await h.http('POST', `/agents/${kappa}/send`, { message: 'echo K > k.txt && echo wrote-$((4+4))' });
    await waitEvent(h, kappa, (e) => e.type === 'output' && e.text === 'wrote-8', 'k.txt written');

    expect((await h.http('GET', `/agents/${kappa}/review-approvals`)).body).toMatchObject({ items: [], approved: false });
    expect((await h.http('POST', `/agents/${kappa}/review-approvals`, {}, { as: 'viewer' })).status).toBe(403);
    expect((await h.http('GET', `/agents/${kappa}/review-approvals`, undefined, { account: 'acct-b' })).status).toBe(403);
    const approved = await h.http('POST', `/agents/${kappa}/review-approvals`, { note: 'k.txt is right', by: 'someone-else' }, { as: 'operator' });
    expect(approved.status).toBe(400); // `by` is not the client's to say: unknown fields are refused
    const ok = await h.http('POST', `/agents/${kappa}/review-approvals`, { note: 'k.txt is right' }, { as: 'operator' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ agentId: kappa, note: 'k.txt is right', current: true });
    expect(ok.body.by).not.toBe('someone-else');
    const now = (await h.http('GET', `/agents/${kappa}/review-approvals`, undefined, { as: 'viewer' })).body;
    expect(now).toMatchObject({ approved: true, items: [expect.objectContaining({ id: ok.body.id, by: ok.body.by, current: true })] });

    // The agent changes a file after the approval: it no longer covers the work.
    await h.http('POST', `/agents/${kappa}/send`, { message: 'echo K2 >> k.txt && echo wrote-$((5+5))' });
    await waitEvent(h, kappa, (e) => e.type === 'output' && e.text === 'wrote-10', 'k.txt changed');
    const after = (await h.http('GET', `/agents/${kappa}/review-approvals`)).body;
    expect(after).toMatchObject({ approved: false, items: [expect.objectContaining({ id: ok.body.id, current: false })] });
    expect(after.tree).not.toBe(ok.body.tree);

    // An in-place agent has no worktree to approve; an unknown agent is 404.
    const flat = (await h.http('POST', '/agents', { driver: 'tmux', name: 'lambda', isolation: 'in-place', workingDirectory: repo, command: ['sh'] })).body
      .id as string;
    expect((await h.http('POST', `/agents/${flat}/review-approvals`, {}, { as: 'operator' })).status).toBe(400);
    expect((await h.http('GET', '/agents/agt_nope/review-approvals')).status).toBe(404);
    await h.http('DELETE', `/agents/${flat}`);
    await h.http('DELETE', `/agents/${kappa}`);
  });
});
