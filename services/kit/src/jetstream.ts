import { jetstreamManager, RetentionPolicy, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DEFAULT_NAMESPACE, nsStreamName, nsSubject, type StreamSpec } from '@flywheel/contracts';
import type { Logger } from './logger.ts';
import { namespaceOf } from './namespace.ts';

const NS = 1_000_000_000;

/** A stream spec as JetStream config in namespace `ns`: `FW_AGENT_OUTPUT` on `fw.agent.output.*`. */
export function streamConfig(spec: StreamSpec, replicas = 1, ns = DEFAULT_NAMESPACE): Partial<StreamConfig> & { name: string } {
  return {
    num_replicas: replicas,
    name: nsStreamName(ns, spec.name),
    subjects: spec.subjects.map((s) => nsSubject(ns, s)),
    max_age: spec.maxAgeS * NS,
    max_msgs_per_subject: spec.maxPerSubject,
    duplicate_window: spec.duplicateWindowS * NS,
    ...(spec.workQueue ? { retention: RetentionPolicy.Workqueue } : {}),
  };
}

/** Creates or updates each stream in the connection's namespace; safe to call from every service at every boot. */
export async function ensureStreams(nc: NatsConnection, specs: readonly StreamSpec[], logger: Logger, replicas = 1): Promise<JetStreamManager> {
  const jsm = await jetstreamManager(nc);
  for (const spec of specs) {
    const cfg = streamConfig(spec, replicas, namespaceOf(nc));
    try {
      await jsm.streams.info(cfg.name);
      await jsm.streams.update(cfg.name, cfg);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      await jsm.streams.add(cfg).catch(async (err) => {
        // Another service created it between our info and add.
        if (!String(err?.message).includes('already in use')) throw err;
      });
    }
  }
  logger.debug({ streams: specs.map((s) => s.name), namespace: namespaceOf(nc) }, 'streams ensured');
  return jsm;
}

export const isNotFound = (e: unknown): boolean => /not found/i.test(String((e as Error)?.message));

/** Retries `fn` with capped exponential backoff until it resolves or `signal` aborts. */
export async function retryForever<T>(fn: () => Promise<T>, opts: { signal?: AbortSignal; log?: Logger; what: string }): Promise<T> {
  let delay = 100;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      opts.log?.warn({ err: (err as Error).message, retryInMs: delay }, `${opts.what} failed, retrying`);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 2000);
    }
  }
}
