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

/**
 * Follows a bucket: `onEntry` gets every current value, then every change. Resolves once the current
 * values are applied, so a reader never acts on a half-loaded view.
 */
export async function watchKv(kv: KV, onEntry: (e: KvEntry) => void): Promise<{ stop(): void }> {
  const { values } = await kv.status();
  const watcher = await kv.watch({ key: '>' });
  let loaded!: () => void;
  const ready = new Promise<void>((r) => (loaded = r));
  if (values === 0) loaded();
  void (async () => {
    for await (const e of watcher) {
      onEntry(e);
      if (e.isUpdate || !e.delta) loaded();
    }
    loaded();
  })();
  await ready;
  return { stop: () => watcher.stop() };
}

/** True for the error a compare-and-set write gets when another writer got there first. */
export const isWrongRevision = (err: unknown): boolean =>
  err instanceof JetStreamApiError && (err.code === JetStreamApiCodes.StreamWrongLastSequence || err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown);
