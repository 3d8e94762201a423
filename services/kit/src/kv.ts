import { Kvm, type KV, type KvEntry } from '@nats-io/kv';
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { namespaceOf } from './namespace.ts';

export type { KV, KvEntry } from '@nats-io/kv';

/** A JetStream KV bucket in the connection's namespace (`fw_keys`), created on first use. */
export async function openKv(nc: NatsConnection, bucket: string, opts: { history?: number; maxAgeMs?: number; replicas?: number } = {}): Promise<KV> {
  return new Kvm(nc).create(`${namespaceOf(nc)}_${bucket}`, {
    history: opts.history ?? 1,
    replicas: opts.replicas ?? 1,
    ...(opts.maxAgeMs ? { ttl: opts.maxAgeMs } : {}),
  });
}

/** How often a KV watch compares what it applied with the bucket's head (see watchKv). */
export const KV_WATCH_CHECK_MS = 5000;

/**
 * Follows a bucket: `onEntry` gets every current value, then every change, each revision once and in order.
 * Resolves once the current values are applied, so a reader never acts on a half-loaded view.
 *
 * A watch is an ordered consumer on one NATS node; when that node dies, nats.js 3.x can leave it waiting for good
 * (it recreates the consumer and asks for nothing). So every `checkMs` the watch compares the last revision it
 * applied with the bucket's head: behind and not moving since the last check, it is reopened after that revision.
 */
export async function watchKv(kv: KV, onEntry: (e: KvEntry) => void, opts: { checkMs?: number } = {}): Promise<{ stop(): void }> {
  const { values } = await kv.status();
  let applied = 0;
  let stopped = false;
  let loaded!: () => void;
  const ready = new Promise<void>((r) => (loaded = r));
  if (values === 0) loaded();
  const pump = async (watcher: Awaited<ReturnType<KV['watch']>>) => {
    for await (const e of watcher) {
      if (e.revision > applied) {
        applied = e.revision;
        onEntry(e);
      }
      if (e.isUpdate || !e.delta) loaded();
    }
    loaded();
  };
  let watcher = await kv.watch({ key: '>' });
  void pump(watcher);
  await ready;
  let atLastCheck = applied;
  let checking = false;
  const check = setInterval(() => {
    if (checking || stopped) return;
    checking = true;
    void (async () => {
      try {
        const head = (await kv.status()).streamInfo.state.last_seq;
        if (head > applied && applied === atLastCheck && !stopped) {
          watcher.stop();
          watcher = await kv.watch({ key: '>', resumeFromRevision: applied + 1 });
          if (stopped) watcher.stop();
          else void pump(watcher);
        }
        atLastCheck = applied;
      } catch {
        // The cluster electing leaders: the next check tries again.
      } finally {
        checking = false;
      }
    })();
  }, opts.checkMs ?? KV_WATCH_CHECK_MS);
  return {
    stop: () => {
      stopped = true;
      clearInterval(check);
      watcher.stop();
    },
  };
}

/** True for the error a compare-and-set write gets when another writer got there first. */
export const isWrongRevision = (err: unknown): boolean =>
  err instanceof JetStreamApiError && (err.code === JetStreamApiCodes.StreamWrongLastSequence || err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown);
