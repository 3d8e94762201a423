// The agents of bench/fleet-load.bench.ts, in a process of their own (forked with IPC): `agents` agents, each
// streaming `perSec` output events a second through the runner's own event path (runtime/event-log.ts: seq,
// SQLite, durable publish on agent.output.<id>) — a light driver standing in for 200 CLIs, which do not fit in
// this machine's memory. Every output line carries its send time (`t=<epoch ms>;`, performance.timeOrigin +
// performance.now(), the clock a browser page reads too). Every agent also sends a state event every 5 s.
//
// Protocol: the parent sends one `GenPlan`; this process answers `{type:'ready', agentIds}`; on `{type:'go'}`
// it streams for `ms`, waits until every event is acked by JetStream, answers `{type:'done', sent, acked, cpuUsPerEvent, ackP50, ackP99}` and exits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_STREAMS, newId, type AgentEvent } from '@flywheel/contracts';
import { connectNats, DurablePublisher, ensureStreams, openDb } from '@flywheel/kit';
import { testLogger } from '@flywheel/kit/testing';
import * as schema from '../src/db/schema.ts';
import { createAgentRepo } from '../src/db/agent-repo.ts';
import { createEventRepo } from '../src/db/event-repo.ts';
import { createEventLog } from '../src/runtime/event-log.ts';

export interface GenPlan {
  natsUrl: string;
  agents: number;
  perSec: number;
  ms: number;
  /** Bytes of padding per output line (a terminal line of a busy agent). */
  pad: number;
}

const send = (m: unknown) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
const epochMs = () => performance.timeOrigin + performance.now();

process.once('message', async (plan: GenPlan) => {
  const logger = testLogger();
  const nc = await connectNats({ url: plan.natsUrl, name: 'fleet-load-gen', logger });
  await ensureStreams(nc, ALL_STREAMS, logger);
  const dir = mkdtempSync(join(tmpdir(), 'fw-fleet-gen-'));
  const db = openDb(join(dir, 'agent-runner.db'), { schema, migrationsFolder: new URL('../drizzle', import.meta.url).pathname });
  const agents = createAgentRepo(db);
  const durable = new DurablePublisher(nc, { logger });
  let acked = 0;
  // Append → JetStream ack of each output line (the runner path's own latency, without NATS → hub → page).
  const ackLat: number[] = [];
  const onPublished = (e: AgentEvent) => {
    acked++;
    if (e.type === 'output' && e.text.startsWith('t=')) ackLat.push(epochMs() - parseFloat(e.text.slice(2)));
  };
  const log = createEventLog({ agents, events: createEventRepo(db), durable, logger, onPublished });
  const at = new Date().toISOString();
  const ids = Array.from({ length: plan.agents }, () => newId('agt'));
  for (const id of ids)
    agents.insert({
      id,
      name: id,
      driver: 'tmux',
      state: 'executing',
      activity: 'working',
      workingDirectory: dir,
      env: {},
      accountId: 'bench',
      createdAt: at,
      updatedAt: at,
    });
  await send({ type: 'ready', agentIds: ids });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const pad = 'x'.repeat(plan.pad);
  const total = plan.agents * plan.perSec;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let sent = 0;
  let appended = 0;
  let lastState = t0;
  let busy = true;
  let states = 0;
  while (performance.now() - t0 < plan.ms) {
    // Every event that is due by now, round-robin over the agents (each agent gets perSec a second).
    const due = Math.floor(((performance.now() - t0) * total) / 1000);
    while (sent < due) {
      const id = ids[sent % ids.length];
      log.append(id, { type: 'output', stream: 'stdout', text: `t=${epochMs().toFixed(3)}; line ${sent} ${pad}` });
      sent++;
      appended++;
    }
    if (performance.now() - lastState >= 5000) {
      lastState = performance.now();
      for (const id of ids) log.append(id, { type: 'state', from: 'executing', to: 'executing', activity: busy ? 'thinking' : 'working' });
      appended += ids.length;
      states++;
      busy = !busy;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  while (acked < appended) await new Promise((r) => setTimeout(r, 5));
  // CPU of this whole process (the driver loop is a small part) per appended event, from go to the last ack.
  const cpu = process.cpuUsage(cpu0);
  const cpuUsPerEvent = (cpu.user + cpu.system) / appended;
  ackLat.sort((a, b) => a - b);
  const q = (p: number) => ackLat[Math.min(ackLat.length - 1, Math.max(0, Math.ceil(p * ackLat.length) - 1))];
  await durable.close();
  db.$client.close();
  await nc.drain();
  rmSync(dir, { recursive: true, force: true });
  await send({ type: 'done', sent, states, acked, maxRssKiB: process.resourceUsage().maxRSS, cpuUsPerEvent, ackP50: q(0.5), ackP99: q(0.99) });
  process.exit(0);
});
