import type { z } from 'zod';
import { ConfigError } from './config.ts';
import type { BaseConfig } from './config.ts';
import { startService, type ServiceDefinition, type ServiceInstance } from './service.ts';
import type { DbSchema } from './db.ts';

/** Exit code for a configuration error; the supervisor does not restart on it. */
export const EXIT_CONFIG = 78;

/**
 * The process entry every service's main.ts calls: starts the service, stops it cleanly on
 * SIGTERM/SIGINT (drain NATS, close DB), exits 1 naming the variable on a bad config.
 */
export async function runMain<S extends z.ZodType<BaseConfig>, I extends ServiceInstance, D extends DbSchema | undefined>(
  def: ServiceDefinition<S, I, D>,
): Promise<void> {
  let running;
  try {
    running = await startService(def, process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${def.name}: ${err.message}\n`);
      process.exit(process.env.FLYWHEEL_SUPERVISED ? EXIT_CONFIG : 1);
    }
    process.stderr.write(`${def.name}: failed to start: ${(err as Error)?.stack ?? err}\n`);
    process.exit(1);
  }
  let signals = 0;
  const onSignal = (sig: string) => {
    if (++signals > 1) process.exit(130);
    running.deps.logger.info({ sig }, 'signal received');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    running.stop().then(
      () => process.exit(0),
      (err) => {
        running.deps.logger.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  if (process.env.FLYWHEEL_SUPERVISED) exitWithParent(() => onSignal('parent-exit'));
}

/** A supervised child stops when its supervisor dies (even by kill -9), so nothing is orphaned. */
function exitWithParent(stop: () => void): void {
  const parent = process.ppid;
  const t = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(t);
      stop();
    }
  }, 500);
  t.unref();
}
