import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection as RawConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { guardRpc } from '@flywheel/contracts';
import { request } from '@flywheel/kit';
import { startNats, type TestNats } from '@flywheel/kit/testing';
import { startStack, TestClient, type Stack } from '../support/index.ts';

/** One full deployment (all six services, in-process) in namespace `ns`, with its own data dir, ports and keys. */
const deployment = (nats: TestNats, ns: string): Promise<Stack> =>
  startStack({
    nats,
    namespace: ns,
    sharedDataDir: true,
    services: [
      'ws-hub',
      'safety',
      'cost',
      'coordination',
      { name: 'agent-runner', id: `runner-${ns}`, env: { TMUX_POLL_MS: '50', HEARTBEAT_MS: '200' } },
      'gateway-api',
    ],
  });

const ids = (page: { items: { id: string }[] }) => page.items.map((a) => a.id);

describe('two deployments on one NATS server, namespaces a and b, never see each other', () => {
  let nats: TestNats;
  let raw: RawConnection;
  let a: Stack;
  let b: Stack;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    nats = await startNats();
    a = await deployment(nats, 'a');
    b = await deployment(nats, 'b');
    raw = await connect({ servers: nats.url });
  }, 120_000);
  afterAll(async () => {
    for (const c of clients) await c.close();
    await raw?.close();
    await b?.stop();
    await a?.stop();
    await nats?.stop();
  }, 60_000);

  it('agents, fleets, keys and hub events stay inside their deployment', async () => {
    const hubA = await TestClient.connect(a.port('ws-hub'), a.adminKey);
    const hubB = await TestClient.connect(b.port('ws-hub'), b.adminKey);
    clients.push(hubA, hubB);
    for (const c of [hubA, hubB]) await c.subscribe(['agent:state:*', 'system:dcg']);

    const spawnA = await a.http('POST', '/agents', { driver: 'tmux', workingDirectory: '/tmp', command: ['sh'] });
    const spawnB = await b.http('POST', '/agents', { driver: 'tmux', workingDirectory: '/tmp', command: ['sh'] });
    expect([spawnA.status, spawnB.status]).toEqual([201, 201]);
    const [idA, idB] = [spawnA.body.id as string, spawnB.body.id as string];
    expect(spawnA.body.runnerId).toBe('runner-a');

    // REST: each gateway lists its own agent only.
    const listA = await a.http('GET', '/agents');
    const listB = await b.http('GET', '/agents');
    expect(ids(listA.body)).toContain(idA);
    expect(ids(listA.body)).not.toContain(idB);
    expect(ids(listB.body)).toContain(idB);
    expect(ids(listB.body)).not.toContain(idA);
    expect((await b.http('GET', `/agents/${idA}`)).status).toBe(404);

    // Hub: each client hears its own agent's state events and nothing of the other's.
    await hubA.until(() => hubA.events().some((e) => e.channel === `agent:state:${idA}`), 15_000, `a's state event on a's hub`);
    await hubB.until(() => hubB.events().some((e) => e.channel === `agent:state:${idB}`), 15_000, `b's state event on b's hub`);

    // A guard decision (system.dcg) made in a reaches a's dashboard only; one made in b after it reaches b's.
    const guard = (s: Stack) =>
      request(s.nc, guardRpc, { agentId: `agt-ns-${s.namespace}`, tool: 'Bash', input: { command: 'git reset --hard' }, wait: false, source: 'hook' });
    expect(await guard(a)).toMatchObject({ decision: 'deny' });
    await hubA.until(() => hubA.events().some((e) => e.channel === 'system:dcg'), 15_000, `a's decision on a's hub`);
    expect(await guard(b)).toMatchObject({ decision: 'deny' });
    await hubB.until(() => hubB.events().some((e) => e.channel === 'system:dcg'), 15_000, `b's decision on b's hub`);
    type Dcg = { decision?: { agentId?: string }; exception?: { agentId?: string } };
    const dcgAgents = (c: TestClient) =>
      new Set(
        c
          .events()
          .filter((e) => e.channel === 'system:dcg')
          .map((e) => {
            const d = e.data as Dcg;
            return (d.decision ?? d.exception)?.agentId;
          }),
      );
    expect(dcgAgents(hubA)).toEqual(new Set(['agt-ns-a']));
    expect(dcgAgents(hubB)).toEqual(new Set(['agt-ns-b']));
    expect(hubA.events().some((e) => e.channel === `agent:state:${idB}`)).toBe(false);
    expect(hubB.events().some((e) => e.channel === `agent:state:${idA}`)).toBe(false);

    // Fleet: b's runners never include a's (b's runner started after a's and replayed b's history only).
    const runners = async (s: Stack) => (await s.http('GET', '/fleet')).body.runners.map((r: { runnerId: string }) => r.runnerId);
    expect(await runners(a)).toEqual(['runner-a']);
    expect(await runners(b)).toEqual(['runner-b']);

    // Keys: one minted by a's gateway opens a's API and hub only.
    const minted = await a.http('POST', '/keys', { accountId: 'acct-ns', role: 'viewer' }, { key: a.adminKey });
    expect(minted.status).toBe(201);
    expect((await a.http('GET', '/agents', undefined, { key: minted.body.key })).status).toBe(200);
    expect((await b.http('GET', '/agents', undefined, { key: minted.body.key })).status).toBe(401);
    expect((await b.http('GET', '/agents', undefined, { key: a.adminKey })).status).toBe(401);
    await expect(TestClient.connect(b.port('ws-hub'), a.adminKey)).rejects.toMatchObject({ status: 401 });
  }, 90_000);

  it('names every stream after its namespace on the shared server', async () => {
    const jsm = await jetstreamManager(raw);
    const names: string[] = [];
    for await (const n of jsm.streams.names()) names.push(n);
    expect(names).toEqual(expect.arrayContaining(['A_AGENT_OUTPUT', 'B_AGENT_OUTPUT', 'A_SYSTEM_DCG', 'B_SYSTEM_DCG', 'A_USAGE', 'B_USAGE']));
    // KV buckets (keys, limits, ...) are streams named KV_<bucket>, the bucket carrying the namespace: KV_a_auth.
    expect(names.filter((n) => !/^(A_|B_|KV_a_|KV_b_)/.test(n))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['KV_a_auth', 'KV_b_auth']));
    expect((await jsm.streams.info('A_AGENT_OUTPUT')).config.subjects).toEqual(['a.agent.output.*']);
    expect((await jsm.streams.info('B_AGENT_OUTPUT')).config.subjects).toEqual(['b.agent.output.*']);
    // Each cost service reads its own usage stream through its own durable consumer.
    expect((await jsm.consumers.info('A_USAGE', 'cost')).config.filter_subject).toBe('a.usage.*');
    expect((await jsm.consumers.info('B_USAGE', 'cost')).config.filter_subject).toBe('b.usage.*');
  });
});
