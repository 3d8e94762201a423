import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API, createApiClient, DEFAULT_NAMESPACE, type ApiClient, type Api, type Role, type ServiceName } from '@flywheel/contracts';
import { connectNats, type BaseConfig, type NatsConnection, type RunningService, type ServiceInstance } from '@flywheel/kit';
import { freePort, startNats, testLogger, type TestNats } from '@flywheel/kit/testing';
import { halt, kill9, launch, type Env, type Instance, type Mode } from './instance.ts';
import { plan, type InstanceSpec, type PlanContext } from './plan.ts';
import { keyRing } from './keys.ts';
import { httpCall, type HttpOptions, type HttpReply } from './http.ts';
import { killTmuxServer } from './tmux.ts';

export interface StackOptions {
  /** Started in this order; a name, or a spec for an id, a mode or env of its own. */
  services: (ServiceName | InstanceSpec)[];
  /** How instances run unless their spec says: `in-process` (startService) or `process` (node --import tsx). */
  mode?: Mode;
  /** Laid over every instance's defaults. */
  env?: Env;
  /** A nats-server to share (left running at stop); by default the stack starts its own. */
  nats?: TestNats;
  /** FLYWHEEL_NAMESPACE of every instance and of `nc`. */
  namespace?: string;
  /** One DATA_DIR for every instance, as `npm start` on one host; by default each has its own. */
  sharedDataDir?: boolean;
}

export interface Stack {
  nats: TestNats;
  namespace: string;
  /** The gateway's FLYWHEEL_ADMIN_KEY (account `admin` unless FLYWHEEL_ADMIN_ACCOUNT says). */
  adminKey: string;
  /** Origin of the (first) gateway, e.g. http://127.0.0.1:PORT. */
  url: string;
  /** The /ws endpoint: through the gateway when there is one, else the first ws-hub's own. */
  wsUrl: string;
  /** A spare connection in the stack's namespace. */
  nc: NatsConnection;
  /** An in-process instance, e.g. `stack.service<InstanceOf<typeof HubDefinition>>('ws-hub').instance.hub`. */
  service<I extends ServiceInstance = ServiceInstance>(id: string): RunningService<BaseConfig, I>;
  /** The port a gateway or ws-hub instance listens on. */
  port(id: string): number;
  dataDir(id: string): string;
  /** A temp dir removed at stop. */
  tmp(prefix: string): string;
  /** Starts one more instance. */
  add(spec: ServiceName | InstanceSpec): Promise<void>;
  /** kill -9 of a process instance. */
  kill(id: string): Promise<void>;
  /** Graceful stop of one instance; its data dir and port stay for a restart. */
  stopService(id: string): Promise<void>;
  /** Starts an instance again (stopping it first if it runs), same env, port and data dir. */
  restart(id: string): Promise<void>;
  /** The key of a role for an account (`acct-a` unless given), minted once with the admin key. */
  key(role: Role, accountId?: string): Promise<string>;
  /** The typed client with a key of that role for that account. */
  api(role: Role, accountId?: string): ApiClient<Api>;
  /** A REST call under /api/v1 with a key of the role its route needs (see HttpOptions to choose another). */
  http(method: string, path: string, body?: unknown, opts?: HttpOptions): Promise<HttpReply>;
  /** Stops every instance in reverse order, then the spare connection, tmux servers, nats-server (if its own) and temp dirs. */
  stop(): Promise<void>;
}

let stacks = 0;

/** Bounded, so one stuck stop cannot eat the hook timeout and leak the rest. */
const bounded = (p: Promise<unknown>) => Promise.race([p.catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);

/** A real nats-server and the given services on free ports and temp data dirs; see StackOptions. */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const tag = `${process.pid}-${++stacks}`;
  const nats = opts.nats ?? (await startNats());
  const namespace = opts.namespace ?? DEFAULT_NAMESPACE;
  const adminKey = `fwk_stack-${tag}-admin-key-0123456789`;
  const temps: string[] = [];
  const tmp = (prefix: string) => (temps.push(mkdtempSync(join(tmpdir(), prefix))), temps.at(-1)!);
  const shared = opts.sharedDataDir ? tmp('fw-stack-') : undefined;
  const instances: Instance[] = [];
  const started: Instance[] = [];
  let spareHubPort: number | undefined;
  const ctx: PlanContext = {
    tag,
    mode: opts.mode ?? 'in-process',
    env: opts.env ?? {},
    adminKey,
    ids: new Set(),
    base: {
      NATS_URL: nats.url,
      FLYWHEEL_NAMESPACE: namespace,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      PATH: process.env.PATH,
      HOME: process.env.HOME,
    },
    dataDir: (id) => shared ?? tmp(`fw-${id}-`),
    async hubUrl() {
      const hub = instances.find((i) => i?.name === 'ws-hub');
      return `http://127.0.0.1:${hub ? hub.env.WS_HUB_PORT : (spareHubPort ??= await freePort())}`;
    },
  };
  const get = (id: string) => instances.find((i) => i.id === id) ?? fail(`no instance ${id} in this stack`);
  const first = (name: ServiceName) => instances.find((i) => i.name === name);
  const start = async (inst: Instance) => {
    started.push(inst);
    await launch(inst);
  };
  let nc: NatsConnection | undefined;
  const stop = async () => {
    for (const inst of [...started].reverse()) await bounded(halt(inst));
    await nc?.close().catch(() => undefined);
    for (const socket of new Set(instances.flatMap((i) => (i.name === 'agent-runner' && i.env.TMUX_SOCKET ? [i.env.TMUX_SOCKET] : [])))) killTmuxServer(socket);
    if (!opts.nats) await nats.stop();
    for (const d of temps) rmSync(d, { recursive: true, force: true });
  };
  const url = () => `http://127.0.0.1:${(first('gateway-api') ?? fail('no gateway-api in this stack')).env.PORT}`;
  const key = keyRing(url, adminKey);
  try {
    // Hubs first, so the gateway knows where /ws goes; started in the order given.
    const specs = opts.services.map((s, k) => ({ s, k, hub: (typeof s === 'string' ? s : s.name) === 'ws-hub' }));
    for (const { s, k } of [...specs.filter((x) => x.hub), ...specs.filter((x) => !x.hub)]) instances[k] = await plan(s, ctx);
    for (const inst of instances) await start(inst);
    nc = await connectNats({ url: nats.url, name: `stack-${tag}`, logger: testLogger(), namespace });
  } catch (err) {
    await stop();
    throw err;
  }
  const portOf = (inst: Instance) => Number(inst.name === 'ws-hub' ? inst.env.WS_HUB_PORT : inst.env.PORT);
  return {
    nats,
    namespace,
    adminKey,
    nc,
    tmp,
    stop,
    get url() {
      return url();
    },
    get wsUrl() {
      const edge = first('gateway-api') ?? first('ws-hub') ?? fail('no gateway-api or ws-hub in this stack');
      return `ws://127.0.0.1:${portOf(edge)}/ws`;
    },
    service<I extends ServiceInstance>(id: string) {
      return (get(id).running ?? fail(`${id} is not running in-process`)) as unknown as RunningService<BaseConfig, I>;
    },
    port: (id) => portOf(get(id)),
    dataDir: (id) => get(id).env.DATA_DIR!,
    async add(spec) {
      const inst = await plan(spec, ctx);
      instances.push(inst);
      await start(inst);
    },
    kill: (id) => kill9(get(id)),
    stopService: (id) => halt(get(id)),
    async restart(id) {
      const inst = get(id);
      await halt(inst);
      await launch(inst);
    },
    key: (role, accountId = 'acct-a') => key(role, accountId),
    api: (role, accountId = 'acct-a') =>
      createApiClient(API, {
        baseUrl: url(),
        fetch: async (input, init) =>
          fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${await key(role, accountId)}` } }),
      }),
    http: (method, path, body, o) => httpCall({ url, key }, method, path, body, o),
  };
}

function fail(message: string): never {
  throw new Error(message);
}
