import { POLICY_VERSION_BUCKET, POLICY_VERSION_KEY } from '@flywheel/contracts';
import { openKv, retryForever, type Logger, type NatsConnection } from '@flywheel/kit';

export interface PolicySignal {
  /** Puts the stored version if it moved; resolves once the broker holds it, or after `waitMs` (the put goes on). */
  sync(waitMs?: number): Promise<void>;
  stop(): void;
}

/**
 * Keeps KV `<ns>_safety-policy`.version at the stored policy version and the engine signature (`<version>:<signature>`), so every gateway learns that its replica
 * (the hook fast path's engines) moved. Puts are sent one after another, in the order of the changes.
 */
export async function openPolicySignal(nc: NatsConnection, readVersion: () => string, opts: { logger: Logger; replicas: number }): Promise<PolicySignal> {
  const kv = await openKv(nc, POLICY_VERSION_BUCKET, { replicas: opts.replicas });
  const log = opts.logger.child({ mod: 'policy-signal' });
  const stopped = new AbortController();
  let sent: string | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  const put = (v: string) => retryForever(() => kv.put(POLICY_VERSION_KEY, v), { signal: stopped.signal, log, what: 'policy version put' });
  return {
    sync(waitMs = 2000) {
      const v = readVersion();
      if (v !== sent) {
        sent = v;
        chain = chain.then(() => put(v)).catch((err: Error) => log.warn({ err: err.message, version: v }, 'policy version not put'));
      }
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((r) => (timer = setTimeout(r, waitMs)));
      return Promise.race([chain.then(() => undefined), late]).finally(() => clearTimeout(timer));
    },
    stop: () => stopped.abort(),
  };
}
