import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { freePort, NATS_SERVER_BIN, waitFor, waitForPort, type TestNats } from '@flywheel/kit/testing';

/** One server of a TestCluster: its name (`n1`..), client URL and store. */
export interface ClusterNode {
  name: string;
  url: string;
  port: number;
  storeDir: string;
  /** True while its process runs. */
  readonly up: boolean;
}

/**
 * Three (or `size`) nats-servers with JetStream in one cluster on loopback ports, each with its own store.
 * `url` lists every node, so a client (NATS_URL) fails over to the others when one dies.
 */
export interface TestCluster extends TestNats {
  nodes: ClusterNode[];
  /** kill -9 of node i (0-based); its store stays for restart(i). */
  kill9(i: number): Promise<void>;
  /** Starts node i again on the same ports and store; resolves once it serves JetStream again. */
  restartNode(i: number): Promise<void>;
  /** The index of the node named `name` (as JetStream's cluster info names leaders). */
  indexOf(name: string): number;
  /** Resolves once every running node answers JetStream API requests (a meta leader is elected and known to it). */
  ready(timeoutMs?: number): Promise<void>;
}

const exited = (p: ChildProcess) => p.exitCode !== null || p.signalCode !== null;

/** Starts the cluster and waits until JetStream answers on every node; `stop()` kills the servers and removes the stores. */
export async function startCluster(opts: { size?: number; name?: string } = {}): Promise<TestCluster> {
  const size = opts.size ?? 3;
  const root = mkdtempSync(join(tmpdir(), 'fw-nats-cluster-'));
  const ports = await Promise.all(Array.from({ length: size }, () => freePort()));
  const routePorts = await Promise.all(Array.from({ length: size }, () => freePort()));
  const routes = routePorts.map((p) => `nats-route://127.0.0.1:${p}`);
  const procs: (ChildProcess | undefined)[] = Array.from({ length: size }, () => undefined);
  const nodes = ports.map((port, i) => {
    const storeDir = join(root, `n${i + 1}`);
    mkdirSync(storeDir);
    const conf = join(root, `n${i + 1}.conf`);
    writeFileSync(
      conf,
      [
        `server_name: n${i + 1}`,
        `listen: 127.0.0.1:${port}`,
        `jetstream { store_dir: "${storeDir}" }`,
        `cluster {`,
        `  name: ${opts.name ?? 'fwtest'}`,
        `  listen: 127.0.0.1:${routePorts[i]}`,
        `  routes: [${routes.filter((_, k) => k !== i).join(', ')}]`,
        `}`,
        '',
      ].join('\n'),
    );
    return {
      conf,
      node: {
        name: `n${i + 1}`,
        url: `nats://127.0.0.1:${port}`,
        port,
        storeDir,
        get up() {
          const p = procs[i];
          return !!p && !exited(p);
        },
      } satisfies ClusterNode,
    };
  });

  const launch = async (i: number) => {
    const p = spawn(NATS_SERVER_BIN, ['-c', nodes[i].conf], { stdio: 'ignore' });
    procs[i] = p;
    const died = new Promise<never>((_, rej) => p.once('exit', (c, s) => rej(new Error(`nats-server n${i + 1} exited (${s ?? c})`))));
    died.catch(() => undefined);
    await Promise.race([waitForPort(ports[i], 15_000), died]);
  };
  const kill9 = async (i: number) => {
    const p = procs[i];
    procs[i] = undefined;
    if (!p || exited(p)) return;
    await new Promise<void>((r) => {
      p.once('exit', () => r());
      p.kill('SIGKILL');
    });
  };
  /** JetStream answers through this node alone (no failover to another): account info needs a meta leader it knows. */
  const answers = async (i: number): Promise<boolean> => {
    const nc = await connect({ servers: nodes[i].node.url, reconnect: false, timeout: 2000 });
    try {
      const jsm = await jetstreamManager(nc, { timeout: 2000 });
      await jsm.getAccountInfo();
      return true;
    } finally {
      await nc.close();
    }
  };
  const ready = async (timeoutMs = 30_000) => {
    for (let i = 0; i < size; i++) if (nodes[i].node.up) await waitFor(() => answers(i), { timeoutMs, intervalMs: 100, what: `JetStream on n${i + 1}` });
  };
  const stop = async () => {
    for (let i = 0; i < size; i++) await kill9(i);
    rmSync(root, { recursive: true, force: true });
  };

  try {
    await Promise.all(nodes.map((_, i) => launch(i)));
    await ready();
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    nodes: nodes.map((n) => n.node),
    url: nodes.map((n) => n.node.url).join(','),
    port: ports[0],
    storeDir: root,
    kill9,
    async restartNode(i) {
      await kill9(i);
      await launch(i);
      await ready();
    },
    indexOf(name) {
      const i = nodes.findIndex((n) => n.node.name === name);
      if (i < 0) throw new Error(`no node ${name} in this cluster`);
      return i;
    },
    ready,
    // TestNats: the whole cluster.
    kill: async () => {
      for (let i = 0; i < size; i++) await kill9(i);
    },
    async restart() {
      for (let i = 0; i < size; i++) if (!nodes[i].node.up) await launch(i);
      await ready();
    },
    stop,
  };
}
