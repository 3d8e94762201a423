import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@flywheel/kit/testing';
import { killTmuxServer, startStack, type Stack } from '../support/index.ts';
import { allEvents } from './helpers/agent-events.ts';

const ID = { GIT_AUTHOR_NAME: 'user', GIT_AUTHOR_EMAIL: 'u@u', GIT_COMMITTER_NAME: 'user', GIT_COMMITTER_EMAIL: 'u@u' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe', env: { ...process.env, ...ID } }).toString();
const SOCKET = `fwtest-wtfleet-${process.pid}`;

/** Two runners on one host share a repository: the merge preview names the other runner's agents too (tmux agents writing a file). */
describe('merge preview across the fleet', () => {
  let h: Stack;
  let repo: string;

  beforeAll(async () => {
    const env = { TMUX_SOCKET: SOCKET, TMUX_POLL_MS: '50', HEARTBEAT_MS: '400' };
    h = await startStack({
      services: ['gateway-api', { name: 'agent-runner', id: 'r-one', env }, { name: 'agent-runner', id: 'r-two', mode: 'process', env }],
    });
    await waitFor(async () => (await h.http('GET', '/fleet')).body?.runners?.length === 2, { timeoutMs: 20_000, what: 'two runners' });
    repo = h.tmp('fw-wtf-repo-');
    git(repo, 'init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'README.md'), '# project\n');
    git(repo, 'add', 'README.md');
    git(repo, 'commit', '-qm', 'init');
    mkdirSync(join(repo, '.flywheel'));
    writeFileSync(join(repo, '.flywheel', 'settings.json'), JSON.stringify({ isolation: 'worktree', cleanup: 'never' }));
  });
  afterAll(async () => {
    killTmuxServer(SOCKET);
    await h?.stop();
  });

  /** A tmux agent in a worktree (placed by the fleet) that writes shared.txt and its own file, for that account; its id and runner. */
  async function writer(name: string, account: string, extra: string): Promise<{ id: string; runnerId: string }> {
    const opts = { account };
    const r = await h.http('POST', '/agents', { driver: 'tmux', name, workingDirectory: repo, command: ['sh'], env: { PS1: '$ ' } }, opts);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = r.body.id as string;
    expect(r.body).toMatchObject({ isolation: 'worktree', worktree: { branch: `flywheel/${name}` } });
    await waitFor(async () => (await h.http('GET', `/agents/${id}`, undefined, opts)).body.state === 'ready', { what: `${name} ready`, timeoutMs: 20_000 });
    await h.http('POST', `/agents/${id}/send`, { message: `echo ${name} > shared.txt && echo ${name} > ${extra} && echo wrote-$((3+4))` }, opts);
    await waitFor(async () => (await allEvents(h, id, 'events', opts)).some((e) => e.type === 'output' && e.text === 'wrote-7'), {
      what: `${name} wrote`,
      timeoutMs: 20_000,
    });
    // Placement counts live agents from heartbeats: the next spawn waits until the fleet has heard of this one.
    const live = async () => ((await h.http('GET', '/fleet')).body.runners as { liveAgentCount: number }[]).reduce((n, x) => n + x.liveAgentCount, 0);
    const expected = ++spawned;
    await waitFor(async () => (await live()) === expected && (await live()) === expected, { what: `fleet counts ${expected} live agents`, timeoutMs: 10_000 });
    return { id, runnerId: r.body.runnerId as string };
  }
  let spawned = 0;

  it("names the other runner's agent changing the same file, both ways; another account's agent only to an admin", async () => {
    const ann = await writer('ann', 'acct-a', 'ann.txt');
    const bob = await writer('bob', 'acct-a', 'bob.txt');
    // The fleet places each spawn on the runner with the fewest live agents: ann and bob on different runners.
    expect([ann.runnerId, bob.runnerId].sort()).toEqual(['r-one', 'r-two']);
    // cat (acct-b) is on one of them, so one of the two previews below meets it on the other runner.
    const cat = await writer('cat', 'acct-b', 'cat.txt');
    const [a, b, c] = [ann.id, bob.id, cat.id];

    const pa = await h.http('GET', `/agents/${a}/merge-preview`);
    expect(pa.status, JSON.stringify(pa.body)).toBe(200);
    expect(pa.body).toMatchObject({ branch: 'flywheel/ann', target: 'main', files: ['ann.txt', 'shared.txt'], branchesChecked: true });
    expect(pa.body.branches).toEqual([{ agentId: b, name: 'bob', branch: 'flywheel/bob', state: expect.any(String), files: ['shared.txt'] }]);

    const pb = await h.http('GET', `/agents/${b}/merge-preview`);
    expect(pb.status, JSON.stringify(pb.body)).toBe(200);
    expect(pb.body.branches).toEqual([{ agentId: a, name: 'ann', branch: 'flywheel/ann', state: expect.any(String), files: ['shared.txt'] }]);

    // acct-b's agent is never named to acct-a (above, from either runner); an admin sees it.
    const admin = await h.http('GET', `/agents/${a}/merge-preview`, undefined, { as: 'admin' });
    expect(admin.body.branches.map((x: { agentId: string }) => x.agentId).sort()).toEqual([b, c].sort());
    const pc = await h.http('GET', `/agents/${c}/merge-preview`, undefined, { account: 'acct-b' });
    expect(pc.status, JSON.stringify(pc.body)).toBe(200);
    expect(pc.body.branches).toEqual([]);
  }, 90_000);
});
