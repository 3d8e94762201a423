import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dcgRpcs } from '@flywheel/contracts';
import { connectNats, request, type NatsConnection } from '@flywheel/kit';
import { testLogger, waitFor } from '@flywheel/kit/testing';
import { startScriptedModel, type ScriptedModel } from '@flywheel/scripted-model';
import { startStack, type Stack } from '../support/index.ts';
import { waitEvent, waitState } from './helpers/agent-events.ts';
import { claudeEnv, MODEL } from './helpers/agent-cli.ts';

const ID = { GIT_AUTHOR_NAME: 'user', GIT_AUTHOR_EMAIL: 'u@u', GIT_COMMITTER_NAME: 'user', GIT_COMMITTER_EMAIL: 'u@u' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe', env: { ...process.env, ...ID } }).toString();
const bash = (command: string) => ({ type: 'tool_use' as const, name: 'Bash', input: { command, description: 'run' } });
const text = (t: string) => ({ model: MODEL, content: [{ type: 'text' as const, text: t }] });

/** What must not move when a request is refused: refs, worktrees, the user's checkout. */
const diskState = (repo: string) => ({
  refs: git(repo, 'for-each-ref', '--format=%(refname) %(objectname)'),
  worktrees: git(repo, 'worktree', 'list', '--porcelain'),
  status: git(repo, 'status', '--porcelain', '--untracked-files=all'),
});

describe('worktree isolation: real git, real Claude Code on the scripted model', () => {
  let h: Stack;
  let model: ScriptedModel;
  let nc: NatsConnection;
  let repo: string;

  beforeAll(async () => {
    model = await startScriptedModel();
    h = await startStack({
      services: ['gateway-api', { name: 'agent-runner', id: 'r-wt', env: { TMUX_POLL_MS: '50', CHECKPOINT_EVERY_MESSAGES: '0' } }, 'safety', 'coordination'],
    });
    nc = await connectNats({ url: h.nats.url, name: 'test', logger: testLogger() });
    repo = h.tmp('fw-wt-repo-');
    git(repo, 'init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'README.md'), '# project\n');
    git(repo, 'add', 'README.md');
    git(repo, 'commit', '-qm', 'init');
    // Project settings: worktree by default, clean up merged worktrees.
    mkdirSync(join(repo, '.flywheel'));
    writeFileSync(join(repo, '.flywheel', 'settings.json'), JSON.stringify({ isolation: 'worktree', cleanup: 'when-merged' }));
    // The user's own untracked notes: never touched.
    writeFileSync(join(repo, 'notes.txt'), 'mine\n');
  });
  afterAll(async () => {
    await nc?.drain();
    await h?.stop();
    await model?.close();
  });

  it('isolates, reviews, merges, refuses conflicts and bad input, resumes in place and cleans up', async () => {
    const mainBefore = git(repo, 'rev-parse', 'main').trim();
    const leak = join(repo, 'leak.txt');
    model.setScript('wt-alpha', [
      { model: MODEL, content: [bash(`echo leak > ${leak}`)] },
      { model: MODEL, content: [bash('echo A > a.txt')] },
      text('done A'),
      text('noted the review'),
    ]);
    model.setScript('wt-beta', [
      { model: MODEL, content: [bash('echo B > b.txt')] },
      text('done B'),
      { model: MODEL, content: [bash('pwd && git rev-parse --abbrev-ref HEAD && cat b.txt')] },
      text('still here'),
    ]);
    const spawnClaude = (name: string) =>
      h.http('POST', '/agents', {
        driver: 'sdk',
        name,
        isolation: 'worktree',
        workingDirectory: repo,
        model: MODEL,
        prompt: `work as ${name}`,
        env: claudeEnv(model.url, `wt-${name}`, h.tmp('fw-wt-home-')),
      });
    const [sa, sb] = await Promise.all([spawnClaude('alpha'), spawnClaude('beta')]);
    expect(sa.status).toBe(201);
    expect(sb.status).toBe(201);
    const a = sa.body.id as string;
    const b = sb.body.id as string;
    const wtA = join(repo, '.flywheel', 'worktrees', 'alpha');
    const wtB = join(repo, '.flywheel', 'worktrees', 'beta');
    expect(sa.body).toMatchObject({
      isolation: 'worktree',
      workingDirectory: wtA,
      treeRoot: wtA,
      worktree: { path: wtA, branch: 'flywheel/alpha', baseRef: 'HEAD', baseCommit: mainBefore, target: 'main', cleanup: 'when-merged' },
    });
    expect(readFileSync(join(repo, '.flywheel', '.gitignore'), 'utf8')).toBe('*\n');

    // A third agent (tmux, worktree by the project's default) commits a conflicting a.txt on its branch.
    const sc = await h.http('POST', '/agents', { driver: 'tmux', name: 'gamma', workingDirectory: repo, command: ['sh'], env: { PS1: '$ ' } });
    expect(sc.status).toBe(201);
    const c = sc.body.id as string;
    expect(sc.body.isolation).toBe('worktree');
    await waitState(h, c, 'ready');
    await h.http('POST', `/agents/${c}/send`, {
      message: 'echo C-version > a.txt && git add -A && git -c user.name=c -c user.email=c@c commit -qm "gamma edits a" && echo committed-$((1+1))',
    });
    await waitEvent(h, c, (e) => e.type === 'output' && e.text === 'committed-2', 'gamma committed', 30_000);

    await waitEvent(h, a, (e) => e.type === 'output' && e.text === 'done A', 'alpha done', 90_000);
    await waitEvent(h, b, (e) => e.type === 'output' && e.text === 'done B', 'beta done', 90_000);
    await waitState(h, a, 'ready');
    await waitState(h, b, 'ready');

    // The write outside the worktree was denied before it happened, with the reason.
    expect(existsSync(leak)).toBe(false);
    const decisions = await request(nc, dcgRpcs.decisions, { agentId: a });
    expect(decisions.items.find((d) => d.ruleId === 'isolation:outside-worktree')).toMatchObject({
      decision: 'deny',
      reason: expect.stringContaining(`${leak} is outside this agent's worktree ${wtA}`),
    });

    // The user's checkout is unchanged; each agent's file is in its own worktree only.
    expect(git(repo, 'rev-parse', 'HEAD').trim()).toBe(mainBefore);
    expect(git(repo, 'status', '--porcelain')).toBe('?? notes.txt\n');
    expect(existsSync(join(repo, 'a.txt')) || existsSync(join(repo, 'b.txt'))).toBe(false);
    expect(readFileSync(join(wtA, 'a.txt'), 'utf8')).toBe('A\n');
    expect(git(wtB, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('flywheel/beta');

    // Each diff shows exactly its agent's file (uncommitted), with the unified patch.
    const da = await h.http('GET', `/agents/${a}/diff`);
    expect(da.status).toBe(200);
    expect(da.body).toMatchObject({ branch: 'flywheel/alpha', baseCommit: mainBefore, uncommitted: true, commits: [], totalFiles: 1 });
    expect(da.body.files).toEqual([
      expect.objectContaining({ path: 'a.txt', status: 'added', additions: 1, deletions: 0, patch: expect.stringContaining('+A') }),
    ]);
    const db = await h.http('GET', `/agents/${b}/diff?file=b.txt`);
    expect(db.body.files.map((f: { path: string }) => f.path)).toEqual(['b.txt']);
    const dc = await h.http('GET', `/agents/${c}/diff?limit=1`);
    expect(dc.body).toMatchObject({ uncommitted: false, totalFiles: 1, commits: [expect.objectContaining({ subject: 'gamma edits a' })] });
    expect(dc.body.files[0]).toMatchObject({ path: 'a.txt', status: 'added' });
    // Another account sees none of it.
    expect((await h.http('GET', `/agents/${a}/diff`, undefined, { account: 'acct-b' })).status).toBe(403);

    // Review comments: stored, and sent to the agent as its next message with file, lines and the quoted code.
    const rc = await h.http('POST', `/agents/${a}/review-comments`, { comments: [{ file: 'a.txt', startLine: 1, body: 'say more than A' }] });
    expect(rc.status).toBe(201);
    expect(rc.body).toMatchObject({ sent: true, comments: [{ file: 'a.txt', startLine: 1, endLine: 1, quote: 'A' }] });
    await waitEvent(h, a, (e) => e.type === 'output' && e.text === 'noted the review', 'review answered', 30_000);
    const asked = JSON.stringify(
      model
        .requests()
        .filter((r) => r.key === 'wt-alpha' && r.kind === 'main')
        .at(-1)!.body,
    );
    expect(asked).toContain('Address these review comments');
    expect(asked).toContain('a.txt line 1');
    expect((await h.http('GET', `/agents/${a}/review-comments`)).body.items).toHaveLength(1);
    await waitState(h, a, 'ready');

    // The pre-merge report of gamma names alpha, whose branch changed the same file.
    const preview = await h.http('GET', `/agents/${c}/merge-preview`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ files: ['a.txt'], target: 'main', conflicts: [] });
    expect(preview.body.branches).toEqual([expect.objectContaining({ agentId: a, name: 'alpha', branch: 'flywheel/alpha', files: ['a.txt'] })]);

    // Terminate beta and restore its checkpoint: same worktree and branch, uncommitted work intact.
    const cp = await h.http('POST', `/agents/${b}/checkpoints`);
    expect(cp.status).toBe(201);
    expect((await h.http('DELETE', `/agents/${b}`)).body.state).toBe('terminated');
    expect(existsSync(wtB)).toBe(true);
    const restored = await h.http('POST', `/agents/${b}/checkpoints/${cp.body.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ workingDirectory: wtB, worktree: { branch: 'flywheel/beta' } });
    await waitState(h, b, 'ready', 30_000);
    expect(git(wtB, 'status', '--porcelain')).toBe('?? b.txt\n');
    await h.http('POST', `/agents/${b}/send`, { message: 'where are you?' });
    const where = await waitEvent(
      h,
      b,
      (e) => e.type === 'tool_call_end' && JSON.stringify(e.result ?? '').includes('flywheel/beta'),
      'pwd after restore',
      60_000,
    );
    expect(JSON.stringify(where)).toContain(wtB);
    await waitEvent(h, b, (e) => e.type === 'output' && e.text === 'still here', 'beta answers', 30_000);
    await waitState(h, b, 'ready');
    // Never resumed into the wrong tree.
    git(wtB, 'checkout', '-q', '-b', 'elsewhere');
    const wrong = await h.http('POST', `/agents/${b}/checkpoints/${cp.body.id}/restore`);
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.message).toMatch(/not the agent's branch flywheel\/beta/);
    git(wtB, 'checkout', '-q', 'flywheel/beta');

    // Bad input: 4xx in the envelope, nothing changed on disk.
    const inPlace = await h.http('POST', '/agents', { driver: 'tmux', name: 'epsilon', isolation: 'in-place', workingDirectory: repo, command: ['sh'] });
    expect(inPlace.body.isolation).toBe('in-place');
    const before = diskState(repo);
    const bad = [
      await h.http('GET', '/agents/agt_nope/diff'),
      await h.http('POST', '/agents/agt_nope/merge', { strategy: 'merge' }),
      await h.http('POST', `/agents/${inPlace.body.id}/merge`, { strategy: 'merge' }),
      await h.http('POST', '/agents', { driver: 'tmux', name: 'zeta', isolation: 'worktree', baseRef: 'no-such-ref', workingDirectory: repo, command: ['sh'] }),
      await h.http('POST', '/agents', {
        driver: 'tmux',
        name: 'eta',
        isolation: 'worktree',
        baseRef: '--upload-pack=x',
        workingDirectory: repo,
        command: ['sh'],
      }),
      await h.http('GET', `/agents/${b}/diff?file=../../../etc/passwd`),
      await h.http('POST', `/agents/${b}/review-comments`, { comments: [{ file: '../outside.txt', startLine: 1, body: 'x' }] }),
      await h.http('POST', `/agents/${b}/merge`, { strategy: 'merge', target: 'no-such-branch' }),
      await h.http('POST', `/agents/${b}/merge`, { strategy: 'octopus' }),
      await h.http('POST', `/agents/${b}/merge`, { strategy: 'merge' }, { as: 'viewer' }),
    ];
    expect(bad.map((r) => r.status)).toEqual([404, 404, 400, 400, 400, 400, 400, 400, 400, 403]);
    for (const r of bad) expect(r.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(diskState(repo)).toEqual(before);
    expect(existsSync(join(repo, '.flywheel', 'worktrees', 'zeta'))).toBe(false);

    // Merge both: alpha squashed, beta merged; both land on main, the user's clean checkout follows, notes untouched.
    const ma = await h.http('POST', `/agents/${a}/merge`, { strategy: 'squash' });
    expect(ma.status).toBe(200);
    expect(ma.body).toMatchObject({
      strategy: 'squash',
      target: 'main',
      previous: mainBefore,
      autoCommit: expect.any(String),
      updatedCheckout: repo,
      cleanup: { policy: 'when-merged', worktreeRemoved: false, deferred: expect.stringContaining('ready') },
    });
    const autoMsg = git(repo, 'log', '-1', '--format=%an|%s', ma.body.autoCommit).trim();
    expect(autoMsg).toBe(`Flywheel agent alpha|flywheel: uncommitted work of agent alpha (${a})`);
    const mb = await h.http('POST', `/agents/${b}/merge`, { strategy: 'merge' });
    expect(mb.status).toBe(200);
    expect(git(repo, 'show', 'main:a.txt')).toBe('A\n');
    expect(git(repo, 'show', 'main:b.txt')).toBe('B\n');
    expect(git(repo, 'rev-list', '--parents', '-1', 'main').trim().split(' ')).toHaveLength(3);
    expect(readFileSync(join(repo, 'a.txt'), 'utf8')).toBe('A\n');
    expect(readFileSync(join(repo, 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(git(wtA, 'status', '--porcelain')).toBe('');

    // gamma's a.txt now conflicts: 409 naming the file, and main did not move.
    const mainAfter = git(repo, 'rev-parse', 'main').trim();
    const mc = await h.http('POST', `/agents/${c}/merge`, { strategy: 'merge' });
    expect(mc.status).toBe(409);
    expect(mc.body.error).toMatchObject({ code: 'CONFLICT', details: { files: ['a.txt'] } });
    expect(git(repo, 'rev-parse', 'main').trim()).toBe(mainAfter);
    expect(git(repo, 'status', '--porcelain')).toBe('?? notes.txt\n');
    expect((await h.http('GET', `/agents/${c}/merge-preview`)).body.conflicts).toEqual(['a.txt']);

    // Cleanup when-merged: alpha's worktree and branch go when it ends; gamma's unmerged branch stays.
    await h.http('DELETE', `/agents/${a}`);
    await h.http('DELETE', `/agents/${c}`);
    await waitFor(async () => (await h.http('GET', `/agents/${a}`)).body.worktree.removed, { what: 'alpha worktree removed', timeoutMs: 10_000 });
    expect(existsSync(wtA)).toBe(false);
    expect(git(repo, 'branch', '--list', 'flywheel/alpha')).toBe('');
    const wtC = join(repo, '.flywheel', 'worktrees', 'gamma');
    expect(existsSync(wtC)).toBe(true);
    const listed = await h.http('GET', '/worktrees');
    expect(listed.status).toBe(200);
    const byName = Object.fromEntries(listed.body.items.map((w: { agentName: string }) => [w.agentName, w]));
    expect(byName.gamma).toMatchObject({ path: wtC, branch: 'flywheel/gamma', stale: 'agent terminated', merged: false, unmergedCommits: 1 });
    expect(byName.beta).toMatchObject({ agentState: 'ready', merged: true, stale: 'branch merged' });
    expect(byName.alpha).toBeUndefined();
    const pruned = await h.http('POST', '/worktrees/prune', {});
    expect(pruned.body.removed).toEqual([]);
    expect(pruned.body.kept).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: wtC, reason: expect.stringContaining('1 unmerged commit') }),
        expect.objectContaining({ path: wtB, reason: 'agent is ready' }),
      ]),
    );
    expect(git(repo, 'branch', '--list', 'flywheel/gamma')).not.toBe('');
    const forced = await h.http('POST', '/worktrees/prune', { force: true });
    expect(forced.body.removed).toEqual([{ path: wtC, branch: 'flywheel/gamma', branchDeleted: true }]);
    expect(existsSync(wtC)).toBe(false);
    expect(git(repo, 'branch', '--list', 'flywheel/gamma')).toBe('');
    // beta is merged but still running: its worktree stays until it ends, then goes.
    expect(existsSync(wtB)).toBe(true);
    await h.http('DELETE', `/agents/${b}`);
    await waitFor(async () => (await h.http('GET', `/agents/${b}`)).body.worktree.removed, { what: 'beta worktree removed', timeoutMs: 10_000 });
    expect(existsSync(wtB)).toBe(false);
    expect(git(repo, 'branch', '--list', 'flywheel/beta')).toBe('');
    await h.http('DELETE', `/agents/${inPlace.body.id}`);
  }, 300_000);
});
