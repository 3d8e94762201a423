import type { ServiceName } from '@flywheel/contracts';
import { freePort } from '@flywheel/kit/testing';
import type { Env, Instance, Mode } from './instance.ts';

/** One instance to start: a service, optionally its own id (several of one service need them), mode and env. */
export interface InstanceSpec {
  name: ServiceName;
  /** Unique in the stack; also its INSTANCE_ID (and RUNNER_ID). Defaults to the name, then `name-2`, ... */
  id?: string;
  mode?: Mode;
  env?: Env;
}

export interface PlanContext {
  /** Unique per stack: names the tmux socket its runners share. */
  tag: string;
  mode: Mode;
  /** NATS_URL, namespace, log level: every instance. */
  base: Env;
  /** The stack's env for every instance, laid over the defaults. */
  env: Env;
  adminKey: string;
  ids: Set<string>;
  dataDir(id: string): string;
  /** Where the gateway forwards /ws: the first ws-hub of the stack (or a port nothing listens on). */
  hubUrl(): Promise<string>;
}

/** Each service's test defaults: listening ports on 127.0.0.1, the admin key, a short guard timeout. */
async function serviceEnv(name: ServiceName, id: string, ctx: PlanContext): Promise<Env> {
  switch (name) {
    case 'gateway-api':
      return { PORT: String(await freePort()), HOST: '127.0.0.1', FLYWHEEL_ADMIN_KEY: ctx.adminKey, WS_HUB_URL: await ctx.hubUrl() };
    case 'ws-hub':
      return { WS_HUB_PORT: String(await freePort()), WS_HUB_HOST: '127.0.0.1' };
    case 'agent-runner':
      // A tool call waits 5 s for the guard, not two minutes.
      return { RUNNER_ID: id, TMUX_SOCKET: `fwtest-${ctx.tag}`, GUARD_TIMEOUT_MS: '5000' };
    default:
      return {};
  }
}

function idFor(spec: InstanceSpec, ids: Set<string>): string {
  let id = spec.id ?? spec.name;
  for (let k = 2; !spec.id && ids.has(id); k++) id = `${spec.name}-${k}`;
  if (ids.has(id)) throw new Error(`two instances named ${id} in one stack`);
  ids.add(id);
  return id;
}

/** Fixes an instance's id, mode and env (ports, data dir) before anything starts. */
export async function plan(spec: InstanceSpec | ServiceName, ctx: PlanContext): Promise<Instance> {
  const s = typeof spec === 'string' ? { name: spec } : spec;
  const id = idFor(s, ctx.ids);
  const mode = s.mode ?? ctx.mode;
  const processEnv = mode === 'process' ? { METRICS_PORT: String(await freePort()), FLYWHEEL_SUPERVISED: '1' } : {};
  const env = { ...ctx.base, DATA_DIR: ctx.dataDir(id), INSTANCE_ID: id, ...processEnv, ...(await serviceEnv(s.name, id, ctx)), ...ctx.env, ...s.env };
  return { id, name: s.name, mode, env };
}
