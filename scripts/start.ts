// `npm start`: validates config, finds or starts NATS, builds the dashboard if needed, then runs and
// supervises every service. Ctrl-C (or SIGTERM) stops them all; nothing is left behind.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { ConfigError, loadConfig } from '@flywheel/kit';
import { SERVICES } from './supervisor/services.ts';
import { SupervisedChild } from './supervisor/child.ts';
import { isListening, natsAddress, natsServerOnPath, NO_NATS_HELP, startLocalNats } from './supervisor/nats.ts';
import { ensureWebBuilt } from './supervisor/web.ts';

const log = (m: string) => process.stderr.write(`[flywheel] ${m}\n`);

function validateAll(env: NodeJS.ProcessEnv): void {
  const problems: string[] = [];
  for (const s of SERVICES) {
    try {
      loadConfig(s.config, env);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      for (const line of e.message.split('\n').slice(1)) if (!problems.includes(line)) problems.push(line);
    }
  }
  if (problems.length) {
    log(`invalid configuration:\n${problems.join('\n')}`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const env = { ...process.env };
  validateAll(env);
  const dataDir = resolve(env.DATA_DIR || './data');
  mkdirSync(dataDir, { recursive: true });
  env.DATA_DIR = dataDir;
  // The gateway forwards /ws to the hub: keep the two ports in step unless told otherwise.
  env.WS_HUB_URL ||= `http://127.0.0.1:${env.WS_HUB_PORT || 3001}`;
  const natsUrl = env.NATS_URL || 'nats://127.0.0.1:4222';
  const { host, port } = natsAddress(natsUrl);
  let nats: ChildProcess | undefined;
  if (!(await isListening(host, port))) {
    if (!natsServerOnPath()) {
      log(`nothing answers at ${natsUrl}.\n${NO_NATS_HELP}`);
      process.exit(1);
    }
    log(`starting nats-server with JetStream on ${host}:${port} (store ${join(dataDir, 'nats')})`);
    nats = await startLocalNats(host, port, dataDir);
  }
  ensureWebBuilt(env.WEB_DIST || 'web/dist', log);

  const pids: Record<string, number> = {};
  const metricsBase = Number(env.METRICS_PORT || 0);
  const children = SERVICES.map(
    (spec, i) =>
      // One process per service, so each gets its own metrics port: METRICS_PORT + index.
      new SupervisedChild(spec, metricsBase ? { ...env, METRICS_PORT: String(metricsBase + i) } : env, {
        onSpawn: (name, pid) => {
          pids[name] = pid;
          writeFileSync(join(dataDir, 'supervisor.json'), JSON.stringify({ supervisor: process.pid, nats: nats?.pid, services: pids }, null, 2));
        },
        onFatal: (name) => void shutdown(1, `${name} has a configuration error`),
        log,
      }),
  );
  let closing = false;
  const shutdown = async (code: number, why: string) => {
    if (closing) return;
    closing = true;
    log(`stopping (${why})`);
    await Promise.all(children.map((c) => c.stop()));
    if (nats && nats.exitCode === null) await new Promise((r) => (nats!.once('exit', r), nats!.kill('SIGTERM')));
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0, 'SIGINT'));
  process.on('SIGTERM', () => void shutdown(0, 'SIGTERM'));
  for (const c of children) c.start();
  log(`dashboard and API on http://localhost:${env.PORT || 3000}`);
}

await main();
