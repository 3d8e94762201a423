import { spawn as spawnProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentCredentialRpcs } from '@flywheel/contracts';
import { connectNats, request } from '@flywheel/kit';
import { testLogger, waitFor } from '@flywheel/kit/testing';
import { startScriptedModel, type ScriptedModel } from '@flywheel/scripted-model';
import { startCoordE2e, type CoordE2e, type LiveChannel } from './stack.ts';
import { repoWithWorktree } from './git-trees.ts';
import { CLAUDE_BIN, claudeEnv, MODEL } from './claude-env.ts';

/** What the runner's tmux driver appends for Claude Code (agent-runner domain/agent-env.ts): the token named, not written. */
const withMcpConfig = (argv: string[]) => [
  ...argv,
  '--mcp-config',
  JSON.stringify({
    mcpServers: { flywheel: { type: 'http', url: '${FLYWHEEL_GATEWAY_URL}/mcp', headers: { Authorization: 'Bearer ${FLYWHEEL_AGENT_TOKEN}' } } },
  }),
];

const text = (t: string) => ({ model: MODEL, content: [{ type: 'text' as const, text: t }] });
const tool = (name: string, input: Record<string, unknown>) => ({ model: MODEL, content: [{ type: 'tool_use' as const, name, input }] });

describe('two real Claude Code agents in one repository coordinate through reservations, the guard and MCP', () => {
  let s: CoordE2e;
  let model: ScriptedModel;
  let live: LiveChannel;
  let trees: { main: string; second: string };
  const ids = { a: '', b: '', c: '', project: '' };

  const agent = async (id: string) => (await s.api('GET', `/agents/${id}`)).body;
  /** The agent finished a turn: its model has answered this many scripted turns and it is ready again. */
  const turnsDone = (key: string, n: number) =>
    waitFor(async () => (model.scriptStatus()[key]?.served ?? 0) >= n && (await agent(key === 'agent-a' ? ids.a : ids.b)).state === 'ready', {
      what: `${key} after ${n} turns`,
      timeoutMs: 90_000,
    });
  const spawn = async (key: string, cwd: string, prompt?: string) => {
    const r = await s.api('POST', '/agents', {
      driver: 'sdk',
      workingDirectory: cwd,
      model: MODEL,
      prompt,
      env: claudeEnv(model.url, key, s.tmp(`fw-home-${key}-`)),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };

  beforeAll(async () => {
    s = await startCoordE2e();
    model = await startScriptedModel();
    trees = repoWithWorktree(s.tmp('fw-coord-repo-'));
    live = await s.live(['workspace:reservations:*', 'workspace:conflicts:*', 'workspace:messages:*', 'workspace:handoffs:*']);
  });
  afterAll(async () => {
    live?.close();
    for (const id of [ids.a, ids.b, ids.c]) if (id) await s.api('DELETE', `/agents/${id}`);
    await model?.close();
    await s?.stop();
  });

  it('agent A reserves src/** and messages agent B through the MCP tools; both are visible over REST and WS', async () => {
    model.setScript('agent-b', [
      tool('Write', { file_path: join(trees.second, 'src/x.ts'), content: 'export const x = 1;\n' }),
      text('The write was denied.'),
      tool('Write', { file_path: join(trees.second, 'src/x.ts'), content: 'export const x = 2;\n' }),
      text('Written.'),
    ]);
    ids.b = await spawn('agent-b', trees.second);
    model.setScript('agent-a', [
      tool('mcp__flywheel__reserve_paths', { patterns: ['src/**'], mode: 'exclusive', reason: 'refactor' }),
      tool('mcp__flywheel__send_message', { to: [ids.b], subject: 'src is mine', body: 'I reserved src/** for the refactor.' }),
      text('Reserved and told B.'),
      tool('mcp__flywheel__release_paths', {}),
      text('Released.'),
    ]);
    ids.a = await spawn('agent-a', trees.main, 'take src for the refactor and tell B');
    await turnsDone('agent-a', 3);
    const [a, b] = [await agent(ids.a), await agent(ids.b)];
    expect(a.projectId).toMatch(/^prj_[0-9a-f]{16}$/);
    expect(b.projectId).toBe(a.projectId);
    expect([a.treeRoot, b.treeRoot]).toEqual([trees.main, trees.second]);
    ids.project = a.projectId;
    // The agent's credential is in its environment, never on its command line (other users can read argv).
    const environ = readFileSync(`/proc/${a.pid}/environ`, 'utf8').split('\0');
    const token = environ.find((v) => v.startsWith('FLYWHEEL_AGENT_TOKEN='))!.split('=')[1];
    expect(token.length).toBeGreaterThan(10);
    expect(readFileSync(`/proc/${a.pid}/cmdline`, 'utf8')).not.toContain(token);

    const reservations = (await s.api('GET', `/reservations?projectId=${ids.project}`)).body.items;
    expect(reservations).toMatchObject([{ agentId: ids.a, patterns: ['src/**'], mode: 'exclusive', reason: 'refactor', status: 'active' }]);
    const inbox = (await s.api('GET', `/messages?agentId=${ids.b}`)).body.items;
    expect(inbox).toMatchObject([{ from: ids.a, to: [ids.b], subject: 'src is mine', body: 'I reserved src/** for the refactor.' }]);
    await live.next((e) => e.channel === `workspace:reservations:${ids.project}` && (e.data as any).type === 'acquired', 'reservation acquired on WS');
    await live.next((e) => e.channel === `workspace:messages:${ids.project}` && (e.data as any).message.subject === 'src is mine', 'message on WS');
  }, 180_000);

  it("B's Write into A's reservation is denied before the file changes, naming A; the conflict is recorded and arrives on WS", async () => {
    const x = join(trees.second, 'src/x.ts');
    await s.api('POST', `/agents/${ids.b}/send`, { message: 'write src/x.ts' });
    const denied = await waitFor(async () => (await s.api('GET', `/dcg/decisions?agentId=${ids.b}&decision=deny`)).body.items[0], {
      what: 'deny decision',
      timeoutMs: 90_000,
    });
    expect(existsSync(x)).toBe(false);
    expect(denied).toMatchObject({ source: 'guard', tool: 'Write', ruleId: 'coordination:reserved' });
    expect(denied.reason).toContain(`reserved by agent ${ids.a} (pattern src/**, exclusive) until`);
    await turnsDone('agent-b', 2);
    expect(existsSync(x)).toBe(false);
    const conflicts = (await s.api('GET', `/conflicts?projectId=${ids.project}&type=reserved_write`)).body.items;
    expect(conflicts[0]).toMatchObject({ type: 'reserved_write', resource: 'src/x.ts', status: 'open' });
    expect([...conflicts[0].agents].sort()).toEqual([ids.a, ids.b].sort());
    await live.next((e) => e.channel === `workspace:conflicts:${ids.project}` && (e.data as any).conflict.type === 'reserved_write', 'conflict on WS');
  }, 180_000);

  it("after A releases through MCP, B's next write passes", async () => {
    await s.api('POST', `/agents/${ids.a}/send`, { message: 'release src' });
    await turnsDone('agent-a', 5);
    expect((await s.api('GET', `/reservations?projectId=${ids.project}&status=active`)).body.items).toEqual([]);
    await s.api('POST', `/agents/${ids.b}/send`, { message: 'try again' });
    await turnsDone('agent-b', 4);
    expect(readFileSync(join(trees.second, 'src/x.ts'), 'utf8')).toBe('export const x = 2;\n');
  }, 180_000);

  it('a handoff A → B moves the reservations to B and delivers the context to B as its next message', async () => {
    const held = await s.api('POST', '/reservations', { agentId: ids.a, patterns: ['lib/**'] });
    expect(held.status).toBe(201);
    model.setScript('agent-b', [text('Taking over lib.')]);
    const offered = await s.api('POST', '/handoffs', {
      fromAgentId: ids.a,
      toAgentId: ids.b,
      context: {
        goal: 'finish the lib refactor',
        status: 'partial',
        currentState: 'half the modules moved',
        decisions: ['keep the old API'],
        filesTouched: ['lib/a.ts'],
      },
    });
    expect(offered.status, JSON.stringify(offered.body)).toBe(201);
    expect(offered.body).toMatchObject({ phase: 'pending', reservationIds: [held.body.reservation.id] });
    const accepted = await s.api('POST', `/handoffs/${offered.body.id}/accept`, {});
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const done = await waitFor(
      async () => {
        const h = (await s.api('GET', `/handoffs/${offered.body.id}`)).body;
        return h.phase === 'completed' ? h : undefined;
      },
      { what: 'handoff completed', timeoutMs: 30_000 },
    );
    expect(done.trail.map((t: { phase: string }) => t.phase)).toEqual(['initiated', 'pending', 'accepted', 'transferring', 'completed']);
    expect((await s.api('GET', `/reservations/${held.body.reservation.id}`)).body).toMatchObject({ agentId: ids.b, status: 'active' });
    await turnsDone('agent-b', 1);
    const toB = model
      .requests()
      .filter((r) => r.key === 'agent-b' && r.kind === 'main')
      .at(-1)!;
    expect(JSON.stringify(toB.body)).toContain(`Handoff ${offered.body.id} from agent ${ids.a}`);
    expect(JSON.stringify(toB.body)).toContain('finish the lib refactor');
    expect((await s.api('GET', `/messages?agentId=${ids.b}&threadId=${offered.body.id}`)).body.items[0]).toMatchObject({ from: ids.a, importance: 'high' });
    await live.next((e) => e.channel === `workspace:handoffs:${ids.project}` && (e.data as any).type === 'completed', 'handoff completed on WS');
  }, 120_000);

  it("a handoff A → a new agent spawns it in A's project with the context as its first prompt and moves the reservations to it", async () => {
    const held = await s.api('POST', '/reservations', { agentId: ids.a, patterns: ['docs/**'] });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    model.setScript('agent-c', [text('Taking over docs.')]);
    const r = await s.api('POST', '/handoffs', {
      fromAgentId: ids.a,
      spawn: { driver: 'sdk', model: MODEL, env: claudeEnv(model.url, 'agent-c', s.tmp('fw-home-agent-c-')) },
      context: { goal: 'finish the docs rewrite', status: 'partial', decisions: ['one page per service'] },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const h = r.body;
    expect(h).toMatchObject({ phase: 'completed', fromAgentId: ids.a, reservationIds: [held.body.reservation.id] });
    expect(h.trail.map((t: { phase: string }) => t.phase)).toEqual(['initiated', 'pending', 'accepted', 'transferring', 'completed']);
    ids.c = h.toAgentId;
    const [a, c] = [await agent(ids.a), await agent(ids.c)];
    expect(c).toMatchObject({ projectId: ids.project, accountId: a.accountId, workingDirectory: a.workingDirectory });
    expect((await s.api('GET', `/reservations/${held.body.reservation.id}`)).body).toMatchObject({ agentId: ids.c, status: 'active' });
    await waitFor(async () => (model.scriptStatus()['agent-c']?.served ?? 0) >= 1 && (await agent(ids.c)).state === 'ready', {
      what: 'agent-c after its first turn',
      timeoutMs: 90_000,
    });
    const first = model.requests().find((q) => q.key === 'agent-c' && q.kind === 'main')!;
    expect(JSON.stringify(first.body)).toContain(`Handoff ${h.id} from agent ${ids.a}`);
    expect(JSON.stringify(first.body)).toContain('finish the docs rewrite');
    expect((await s.api('GET', `/messages?agentId=${ids.c}&threadId=${h.id}`)).body.items[0]).toMatchObject({ from: ids.a, importance: 'high' });
  }, 120_000);

  it('a handoff whose spawn fails (no such working directory) ends failed with the reason; the reservations stay with A', async () => {
    const held = await s.api('POST', '/reservations', { agentId: ids.a, patterns: ['scripts/**'] });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    const before = (await s.api('GET', `/agents`)).body.items.length;
    const r = await s.api('POST', '/handoffs', {
      fromAgentId: ids.a,
      reservationIds: [held.body.reservation.id],
      spawn: { driver: 'sdk', model: MODEL, workingDirectory: '/nonexistent/fw-handoff-dir' },
      context: { goal: 'nobody will get this', status: 'blocked' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ phase: 'failed' });
    expect(r.body.toAgentId).toBeUndefined();
    expect(r.body.lastError).toMatch(/spawn failed/);
    expect(r.body.trail.map((t: { phase: string }) => t.phase)).toEqual(['initiated', 'pending', 'failed']);
    expect((await s.api('GET', `/reservations/${held.body.reservation.id}`)).body).toMatchObject({ agentId: ids.a, status: 'active' });
    expect((await s.api('GET', `/handoffs/${r.body.id}`)).body).toMatchObject({ phase: 'failed' });
    expect((await s.api('GET', `/agents`)).body.items.length).toBe(before);
  }, 60_000);

  it('Claude Code started with the --mcp-config a tmux agent gets reaches the tools with the credential named by variable', async () => {
    const nc = await connectNats({ url: s.nats.url, name: 'coord-e2e', logger: testLogger() });
    const { token, gatewayUrl } = await request(nc, agentCredentialRpcs.mint, { agentId: ids.a, accountId: (await agent(ids.a)).accountId });
    await nc.close();
    const agentEnv = { FLYWHEEL_AGENT_ID: ids.a, FLYWHEEL_AGENT_TOKEN: token, FLYWHEEL_GATEWAY_URL: gatewayUrl };
    const argv = withMcpConfig([
      CLAUDE_BIN,
      '-p',
      'who works here?',
      '--output-format',
      'stream-json',
      '--verbose',
      '--model',
      MODEL,
      '--allowedTools',
      'mcp__flywheel__list_agents',
    ]);
    expect(argv.join(' ')).not.toContain(token);
    model.setScript('cli', [tool('mcp__flywheel__list_agents', {}), text('Two of us.')]);
    const env = { PATH: process.env.PATH ?? '', ...claudeEnv(model.url, 'cli', s.tmp('fw-home-cli-')), ...agentEnv };
    // Asynchronously: the gateway Claude Code calls runs in this process.
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawnProcess(argv[0], argv.slice(1), { cwd: trees.main, env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
    });
    expect(run.code, run.stderr).toBe(0);
    const second = model.requests().filter((r) => r.key === 'cli' && r.kind === 'main')[1];
    const toolResult = JSON.stringify(second.body).match(/"tool_result".*?"text":"(.*?)"}/)?.[1] ?? '';
    expect(toolResult).toContain(ids.b);
  }, 120_000);
});
