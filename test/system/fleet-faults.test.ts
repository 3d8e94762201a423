/**
 * The system tier: the whole gateway on a 3-node NATS cluster (streams and KV with 3 replicas), two agent-runners,
 * cost, safety, coordination, two ws-hubs and the gateway, with a fleet of real Claude Code agents (sdk driver) on the
 * scripted model. Each agent works in rounds — a Bash call through the guard, then an answer — using every token kind.
 * A fault is injected while a round runs: kill -9 of the NATS node leading the usage stream (restarted after the
 * round), of the cost service process mid-ingest (restarted), of a ws-hub while clients watch, of a runner mid-turn.
 * After each round the books are exact:
 * every usage record an agent reported was acknowledged by the broker and counted by cost exactly once (Jepsen-style
 * ok/lost/unknown, lost = 0), and the cost service's totals equal the sum of the agents' own reports and of the script.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { AGENT_EVENT_FAMILY, USAGE_STREAM, type AgentEvent } from '@flywheel/contracts';
import { wireStream } from '@flywheel/kit';
import { waitFor } from '@flywheel/kit/testing';
import type { ScriptedModel } from '@flywheel/scripted-model';
import { jetstreamIn, pidAlive, TestClient, type Stack, type TestCluster } from '../support/index.ts';
import { claudeEnv, MODEL } from '../e2e/helpers/agent-cli.ts';
import { allEvents, waitEvent, waitState } from '../e2e/helpers/agent-events.ts';
import { ackedUsage, add, classify, costRecords, costTotals, reportedUsage, zero, type Tokens } from './helpers/books.ts';
import { startSystem, type SystemStack } from './helpers/system-stack.ts';

/** Real Claude Code processes at once (≈220 MB each); SYSTEM_AGENTS raises it. 6 keep this 2-CPU machine's tier near 2 min. */
const AGENTS = Number(process.env.SYSTEM_AGENTS ?? 6);
/**
 * Rounds: 0 spawn, 1 a NATS node killed, 2 cost killed, 3 a ws-hub killed, 4 a runner killed. The hub round follows the
 * NATS one on purpose: both hubs have lived through the node's loss (see docs/ws-hub.md, ingest).
 */
const ROUNDS = 5;
/** WebSocket clients watching every agent's output and state (wildcards) while a hub is killed. */
const WS_CLIENTS = 50;
/** Runner heartbeats: a runner silent for 3 is lost and its agents `unknown`. */
const HEARTBEAT_MS = 500;
/**
 * The runners' env: fast heartbeats; a guard timeout of 30 s (production: 120 s; the stack's test default of 5 s is
 * shorter than a guard call takes while a NATS node's streams elect new leaders).
 */
const RUNNER_ENV = { HEARTBEAT_MS: String(HEARTBEAT_MS), GUARD_TIMEOUT_MS: '30000' };
/** The shortest lease coordination grants. */
const TTL_S = 10;

/** The scripted turns of agent `a` in round `r`: a Bash call, then the answer; every token kind used, ids unique. */
function turnsOf(a: number, r: number) {
  return [
    {
      id: `msg_sys_a${a}_r${r}_1`,
      model: MODEL,
      content: [
        { type: 'text' as const, text: `Working on round ${r}.` },
        { type: 'tool_use' as const, name: 'Bash', input: { command: `echo round-${r} >> work.txt`, description: 'record the round' } },
      ],
      usage: { input_tokens: 100 + a, output_tokens: 10 + r, cache_read_input_tokens: 200 + r, cache_creation_input_tokens: 50 + a },
    },
    {
      id: `msg_sys_a${a}_r${r}_2`,
      model: MODEL,
      content: [{ type: 'text' as const, text: `done round ${r}` }],
      usage: { input_tokens: 20 + r, output_tokens: 5 + a, cache_read_input_tokens: 300 + a, cache_creation_input_tokens: 7 },
    },
  ];
}
const tokensOf = (t: ReturnType<typeof turnsOf>[number]): Tokens => ({
  input: t.usage.input_tokens,
  output: t.usage.output_tokens,
  cacheRead: t.usage.cache_read_input_tokens,
  cacheWrite: t.usage.cache_creation_input_tokens,
});
/** What the script says every agent (or those `only` picks) used in rounds `from`..`r`. */
function scripted(r: number, only?: (a: number) => boolean, from = 0): Map<string, Tokens> {
  const out = new Map<string, Tokens>();
  for (let a = 0; a < AGENTS; a++) if (!only || only(a)) for (let k = from; k <= r; k++) for (const t of turnsOf(a, k)) out.set(t.id, tokensOf(t));
  return out;
}

let cluster: TestCluster;
let model: ScriptedModel;
let s: Stack;
const agents: string[] = [];
/** Each agent's working directory, where its Bash calls append `round-N` to work.txt. */
const cwds: string[] = [];

let sys: SystemStack | undefined;

beforeAll(async () => {
  sys = await startSystem(
    [
      { name: 'ws-hub', id: 'hub-1' },
      { name: 'ws-hub', id: 'hub-2', mode: 'process' },
    ],
    RUNNER_ENV,
  );
  ({ cluster, model, s } = sys);
  for (let a = 0; a < AGENTS; a++) model.setScript(`sys-${a}`, Array.from({ length: ROUNDS }, (_, r) => turnsOf(a, r)).flat());
}, 300_000);
afterAll(async () => {
  await sys?.stop();
}, 120_000);

/** Starts round `r` on every agent: the spawn in round 0, a follow-up message after. */
async function startRound(r: number): Promise<void> {
  if (r === 0) {
    const spawned = await Promise.all(
      Array.from({ length: AGENTS }, async (_, a) => {
        const res = await s.http('POST', '/agents', {
          driver: 'sdk',
          workingDirectory: (cwds[a] = s.tmp(`fw-sys-a${a}-`)),
          model: MODEL,
          prompt: 'record round 0',
          env: claudeEnv(model.url, `sys-${a}`, s.tmp(`fw-sys-home${a}-`)),
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        return res.body.id as string;
      }),
    );
    agents.push(...spawned);
    return;
  }
  await Promise.all(
    agents.map(async (id) => {
      const res = await s.http('POST', `/agents/${id}/send`, { message: `record round ${r}` });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
    }),
  );
}

async function roundDone(r: number): Promise<void> {
  await Promise.all(
    agents.map(async (id) => {
      await waitEvent(s, id, (e) => e.type === 'output' && e.text === `done round ${r}`, `${id} done round ${r}`, 180_000);
      await waitState(s, id, 'ready', 60_000);
    }),
  );
}

/**
 * The exact check after a round: the agents' reports equal the script, every acknowledged record is counted by cost
 * exactly once (lost = 0), and cost's totals equal the sum. `want`: records that must exist; `maybe`: records of
 * agents whose runner was killed mid-turn (each either ok or `unknown` — never acknowledged — but never lost).
 */
async function checkBooks(label: string, want: Map<string, Tokens>, maybe = new Map<string, Tokens>()): Promise<void> {
  const script = new Map([...want, ...maybe]);
  const reported = await reportedUsage(s, agents);
  // The agents' own reports are the script, message for message.
  for (const [id, t] of want) expect([id, reported.get(id)?.tokens]).toEqual([id, t]);
  for (const [id, v] of reported) expect([id, v.tokens]).toEqual([id, script.get(id)]);
  // The cost service catches up (it may be redelivering after a fault).
  await waitFor(async () => (await costTotals(s)).records >= want.size, { timeoutMs: 60_000, intervalMs: 200, what: `cost has ${want.size} records` });
  const acked = await ackedUsage(s.nc);
  // Everything acknowledged is counted: wait for cost to reach the broker's count, then read both.
  await waitFor(async () => (await costTotals(s)).records >= acked.size, {
    timeoutMs: 60_000,
    intervalMs: 200,
    what: `cost has all ${acked.size} acked records`,
  });
  const records = await costRecords(s);
  const totals = await costTotals(s);
  const verdict = classify(reported, acked, records);
  console.log(`${label}: ${verdict.ok} ok, ${verdict.lost.length} lost, ${verdict.unknown.length} unknown, ${verdict.storedTwice.length} stored twice`);
  expect(verdict).toMatchObject({ lost: [], doubled: [], unreported: [] });
  for (const id of verdict.unknown) expect(maybe.has(id), `${id} unknown`).toBe(true);
  const counted = new Set(records.map((x) => x.messageId));
  for (const id of want.keys()) expect(counted.has(id), `${id} counted`).toBe(true);
  for (const rec of records) {
    const w = script.get(rec.messageId);
    expect([rec.messageId, rec.tokens.input, rec.tokens.output, rec.tokens.cacheRead, rec.tokens.cacheWrite5m + rec.tokens.cacheWrite1h]).toEqual([
      rec.messageId,
      w?.input,
      w?.output,
      w?.cacheRead,
      w?.cacheWrite,
    ]);
    expect(rec.agentId).toBe(reported.get(rec.messageId)?.agentId);
  }
  const sum = records.map((x) => script.get(x.messageId)!).reduce(add, zero());
  expect(totals).toMatchObject({
    records: records.length,
    inputTokens: sum.input,
    outputTokens: sum.output,
    cacheReadTokens: sum.cacheRead,
    cacheWriteTokens: sum.cacheWrite,
    costMicros: records.reduce((n, x) => n + x.costMicros, 0),
  });
  expect(totals.costMicros).toBeGreaterThan(0);
}

/** Round `r`'s line, once, in agent `a`'s work.txt: its tool call of that round went through the guard and ran. */
async function worked(a: number, r: number): Promise<void> {
  const lines = readFileSync(join(cwds[a], 'work.txt'), 'utf8').split('\n');
  const tools = (await allEvents(s, agents[a])).filter((e) => e.type === 'tool_call_end' || e.type === 'error');
  expect(lines.filter((l) => l === `round-${r}`).length, JSON.stringify(tools)).toBe(1);
}

/** Resolves once hub `id` relays a marker published now on `agent:output` and `agent:state`: it has read both streams to their end. */
async function caughtUp(id: string): Promise<void> {
  const probe = await TestClient.connect(s.port(id), s.adminKey);
  await probe.subscribe(['agent:output:probe', 'agent:state:probe']);
  const mark = `${id}-${Date.now()}`;
  for (const subject of ['agent.output.probe', 'agent.state.probe']) await jetstreamIn(s.nc).publish(subject, JSON.stringify({ mark }));
  await probe.until(() => probe.events().filter((e) => (e.data as { mark?: string }).mark === mark).length === 2, 60_000, `${id} caught up`);
  await probe.close();
}

describe(`system: ${AGENTS} Claude Code agents on a 3-node NATS cluster, faults one at a time`, () => {
  it('streams and KV buckets have 3 replicas; round 0 (spawn, no fault): the books are exact', async () => {
    const jsm = await jetstreamManager(s.nc);
    const usage = await jsm.streams.info(wireStream(s.nc, USAGE_STREAM.name));
    expect(usage.config.num_replicas).toBe(3);
    for await (const info of jsm.streams.list()) expect([info.config.name, info.config.num_replicas]).toEqual([info.config.name, 3]);
    await startRound(0);
    await roundDone(0);
    await checkBooks('round 0', scripted(0));
    for (let a = 0; a < AGENTS; a++) await worked(a, 0);
  }, 300_000);

  it('kill -9 of the NATS node leading the usage stream mid-round, restarted after: nothing lost, nothing doubled', async () => {
    const jsm = await jetstreamManager(s.nc);
    const leader = (await jsm.streams.info(wireStream(s.nc, USAGE_STREAM.name))).cluster!.leader!;
    await startRound(1);
    await cluster.kill9(cluster.indexOf(leader));
    await roundDone(1);
    await cluster.restartNode(cluster.indexOf(leader));
    await checkBooks('round 1 (NATS node killed)', scripted(1));
    // Each agent's Bash call of the round went through the guard and ran: a guard request lost with the killed node
    // is sent again (same call id) and answered, not left to GUARD_TIMEOUT_MS and the fail mode.
    for (let a = 0; a < AGENTS; a++) await worked(a, 1);
  }, 300_000);

  it('kill -9 of the cost service mid-ingest, restarted: its totals still equal the agents’ reports exactly', async () => {
    const before = (await costTotals(s)).records;
    await startRound(2);
    // Killed once it has ingested part of this round, so redelivery meets records it already stored.
    await waitFor(async () => (await costTotals(s)).records > before, { timeoutMs: 120_000, intervalMs: 100, what: 'cost ingesting round 2' });
    await s.kill('cost');
    await roundDone(2);
    await s.restart('cost');
    await checkBooks('round 2 (cost killed)', scripted(2));
    for (let a = 0; a < AGENTS; a++) await worked(a, 2);
  }, 300_000);

  it(`kill -9 of a ws-hub while ${WS_CLIENTS} wildcard clients watch: each resumes with its cursor on the other hub, every event exactly once`, async () => {
    // Both hubs have caught up after round 1's node loss (a hub whose read of a stream stalled reopens it, and relays
    // what it missed late, in order): a marker published now in both families reaches a client of each.
    for (const hub of ['hub-1', 'hub-2']) await caughtUp(hub);
    // The agents are idle: what each has sent so far is the baseline; everything after it is this round's.
    const baseline = await Promise.all(agents.map(async (id) => (await allEvents(s, id)).at(-1)!.seq));
    const channels = ['agent:output:*', 'agent:state:*'];
    // Most clients on the hub that dies, a few on the one that lives.
    const onVictim = (k: number) => k % 5 !== 0;
    const clients = await Promise.all(
      Array.from({ length: WS_CLIENTS }, async (_, k) => {
        const c = await TestClient.connect(s.port(onVictim(k) ? 'hub-2' : 'hub-1'), s.adminKey);
        const sub = await c.subscribe(channels);
        return { conns: [c], start: sub.cursor };
      }),
    );
    await startRound(3);
    // Killed mid-round, once every client has seen some of it.
    await Promise.all(clients.map(({ conns }) => conns[0].until(() => conns[0].events().length > 0, 120_000, 'first event of round 3')));
    await s.kill('hub-2');
    // Each client of the dead hub goes on at the other with the cursor of the last event it got.
    await Promise.all(
      clients.map(async (c, k) => {
        if (!onVictim(k)) return;
        const old = c.conns[0];
        await old.until(() => old.closeCode, 15_000, 'socket closed by the dead hub');
        const next = await TestClient.connect(s.port('hub-1'), s.adminKey);
        await next.subscribe(channels, old.events().at(-1)?.cursor ?? c.start);
        c.conns.push(next);
      }),
    );
    await roundDone(3);
    await checkBooks('round 3 (hub killed)', scripted(3));
    for (let a = 0; a < AGENTS; a++) await worked(a, 3);

    // Truth: every output- and state-family event each agent stored this round.
    const want = new Map<string, string>();
    for (const [a, id] of agents.entries())
      for (const e of await allEvents(s, id))
        if (e.seq > baseline[a] && (AGENT_EVENT_FAMILY[e.type] === 'output' || AGENT_EVENT_FAMILY[e.type] === 'state')) want.set(`${id}:${e.seq}`, e.type);
    const got = (c: (typeof clients)[number]) =>
      c.conns.flatMap((x) => x.events().map((e) => `${(e.data as AgentEvent).agentId}:${(e.data as AgentEvent).seq}`));
    const verdicts = [];
    for (const [k, c] of clients.entries()) {
      const last = c.conns.at(-1)!;
      await last.until(() => new Set(got(c)).size >= want.size, 30_000, `client ${k} has all ${want.size} events`).catch(() => undefined);
      const keys = got(c);
      const missing = [...want].filter(([key]) => !keys.includes(key)).map(([key, type]) => `${key} ${type}`);
      const other = c.conns.flatMap((x) =>
        x.frames.filter((f) => f.type !== 'event' && f.type !== 'heartbeat' && f.type !== 'hello').map((f) => JSON.stringify(f)),
      );
      verdicts.push({ k, resumed: onVictim(k), received: keys.length, missing, extra: keys.filter((key) => !want.has(key)), other });
    }
    const bad = verdicts.filter((v) => v.missing.length || v.extra.length || v.received !== want.size);
    if (bad.length) console.log(JSON.stringify({ want: [...want], bad }, null, 1));
    expect(bad).toEqual([]);
    console.log(`hub killed: ${WS_CLIENTS} clients (${clients.filter((_, k) => onVictim(k)).length} resumed), ${want.size} events each, exactly once`);
    await Promise.all(clients.flatMap((c) => c.conns.map((x) => x.close())));
    await s.restart('hub-2');
  }, 300_000);

  it('kill -9 of a runner mid-turn: its agents `unknown` (then `failed` on restart), never running; no lease outlives its TTL; books exact', async () => {
    const owner = await Promise.all(agents.map(async (id) => (await s.http('GET', `/agents/${id}`)).body.runnerId as string));
    // Both runners got agents (spawns are spread over the queue group); the one with more is killed.
    const victim = owner.filter((o) => o === 'r1').length > owner.filter((o) => o === 'r2').length ? 'r1' : 'r2';
    const dead = agents.flatMap((id, a) => (owner[a] === victim ? [a] : []));
    const alive = agents.flatMap((id, a) => (owner[a] !== victim ? [a] : []));
    expect(dead.length).toBeGreaterThan(0);
    const pids = await Promise.all(dead.map(async (a) => (await s.http('GET', `/agents/${agents[a]}`)).body.pid as number));
    // Each agent of the victim holds a lease on its work file.
    for (const a of dead) {
      const res = await s.http('POST', '/reservations', { agentId: agents[a], patterns: [`a${a}/work.txt`], ttlSeconds: TTL_S });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    await startRound(4);
    // Killed once one of its agents has reported usage of this round: mid-turn.
    const firstOfRound = new Set(dead.map((a) => turnsOf(a, 4)[0].id));
    await waitFor(async () => (await costRecords(s)).some((x) => firstOfRound.has(x.messageId)), {
      timeoutMs: 120_000,
      intervalMs: 100,
      what: 'round 4 under way',
    });
    await s.kill(victim);
    const killedAt = Date.now();

    // The survivors finish the round; the victim's agents turn `unknown` and stay so, never running.
    await Promise.all(
      alive.map(async (a) => {
        await waitEvent(s, agents[a], (e) => e.type === 'output' && e.text === 'done round 4', `${agents[a]} done round 4`, 180_000);
        await waitState(s, agents[a], 'ready', 60_000);
      }),
    );
    for (const a of dead) await waitState(s, agents[a], 'unknown', 30_000);
    const listed = (await s.http('GET', '/agents?limit=100')).body.items as { id: string; state: string }[];
    for (const a of dead) expect([agents[a], listed.find((x) => x.id === agents[a])?.state]).toEqual([agents[a], 'unknown']);

    // No lease of a dead agent outlives one TTL.
    await waitFor(
      async () => {
        for (const a of dead) if ((await s.http('GET', `/reservations?agentId=${agents[a]}`)).body.items.length) return false;
        return true;
      },
      { timeoutMs: TTL_S * 1000 + 15_000, intervalMs: 250, what: 'dead agents’ leases gone' },
    );
    expect(Date.now() - killedAt).toBeLessThan(TTL_S * 1000 + 15_000);

    // Back up: the victim says truthfully its agents failed (it cannot vouch for work done while it was down).
    await s.restart(victim);
    for (const a of dead) await waitState(s, agents[a], 'failed', 30_000);
    await waitFor(() => pids.every((pid) => !pidAlive(pid)), { timeoutMs: 30_000, what: 'the victim’s Claude Code processes gone' });

    // Books: the survivors' round 4 exactly; the victim's round-4 records ok or unknown (never acknowledged), none lost.
    const want = new Map([...scripted(3), ...scripted(4, (a) => alive.includes(a), 4)]);
    await checkBooks(
      'round 4 (runner killed)',
      want,
      scripted(4, (a) => dead.includes(a), 4),
    );
    for (const a of alive) await worked(a, 4);
  }, 300_000);
});
