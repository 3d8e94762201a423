import { POLICY_VERSION_BUCKET, POLICY_VERSION_KEY, policySnapshotRpc, policyVersionValue, type PolicySnapshot } from '@flywheel/contracts';
import { builtinRulesHash, loadStoredPacks, PolicyEngines, type PackAction } from '@flywheel/dcg';
import { Gauge, openKv, watchKv, type Logger, type NatsConnection, type Registry, type RpcCall } from '@flywheel/kit';

/** The safety guard's engines as of one stored policy version. */
export interface ReplicaView {
  version: number;
  /** The KV value this view answers to: `<version>:<signature>`. */
  value: string;
  engines: PolicyEngines;
}

/** How long the replica waits before asking again for a snapshot built from other built-in rules than its own. */
export const OTHER_RULES_RETRY_MS = 5000;

export interface PolicyReplica {
  /** The engines, only while no policy change is known that they miss; undefined means: ask the guard. */
  current(): ReplicaView | undefined;
  /** A change was made through this gateway: ask the guard until the replica has refetched. */
  invalidate(): void;
  /** Resolves with the version once the replica is current at a version that passes `test` (tests await a change). */
  whenCurrent(test: (version: number) => boolean): Promise<number>;
  stop(): void;
}

function enginesOf(s: PolicySnapshot, log: Logger): PolicyEngines {
  const actions = new Map<string, Map<string, PackAction>>();
  for (const a of s.packActions) actions.set(a.scopeKey, (actions.get(a.scopeKey) ?? new Map()).set(a.packId, a.action));
  const custom = loadStoredPacks(s.customPacks, (packId, err) => log.error({ packId, err }, 'stored custom pack no longer loads; skipped'));
  return new PolicyEngines({ actions, custom, defaultPacks: s.defaultPacks, failMode: s.failMode, tmpdir: s.tmpdir });
}

/**
 * A replica of the safety guard's policy for the hook fast path: fetched over svc.safety.policy.snapshot, and
 * fetched again whenever the version in KV `<ns>_safety-policy` moves. Current only when no change arrived since
 * the fetch began (a snapshot read after a change's KV put includes that change).
 */
export async function openPolicyReplica(
  nc: NatsConnection,
  safety: RpcCall,
  opts: { logger: Logger; registry: Registry; replicas: number },
): Promise<PolicyReplica> {
  const log = opts.logger.child({ mod: 'policy-replica' });
  const gauge = new Gauge({
    name: 'hook_policy_replica_version',
    help: 'Policy version of the hook fast path replica (-1: not current)',
    registers: [opts.registry],
  });
  gauge.set(-1);
  let view: ReplicaView | undefined;
  let fresh = false;
  let gen = 0;
  let fetching = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const waiters = new Set<(version: number) => void>();
  const pause = (ms: number) => new Promise<void>((r) => (timer = setTimeout(r, ms)));

  async function refresh(): Promise<void> {
    if (fetching) return;
    fetching = true;
    let delay = 100;
    while (!stopped && !fresh) {
      const started = gen;
      try {
        const snap = await safety(policySnapshotRpc, {}, {});
        if (snap.rulesHash !== builtinRulesHash()) {
          // Another build of the rules (one side upgraded): this gateway's engines would not judge as the guard does.
          log.warn({ theirs: snap.rulesHash, ours: builtinRulesHash() }, 'safety runs other built-in rules; hooks ask the guard');
          await pause(OTHER_RULES_RETRY_MS);
          continue;
        }
        const engines = enginesOf(snap, log);
        if (started !== gen) continue;
        view = { version: snap.version, value: policyVersionValue(snap.version, snap.signature), engines };
        fresh = true;
        gauge.set(snap.version);
        for (const w of waiters) w(snap.version);
      } catch (err) {
        log.warn({ err: (err as Error).message, retryInMs: delay }, 'policy snapshot not fetched; hooks ask the guard meanwhile');
        await pause(delay);
        delay = Math.min(delay * 2, 5000);
      }
    }
    fetching = false;
  }
  const moved = () => {
    gen++;
    fresh = false;
    gauge.set(-1);
    void refresh();
  };

  const kv = await openKv(nc, POLICY_VERSION_BUCKET, { replicas: opts.replicas });
  // A put of the value the replica already answers to (safety restarting unchanged) changes nothing.
  // watchKv reopens a watch that stalls when its NATS node dies, so a change reaches the replica within its checks.
  const seen = (value: string | undefined) => {
    if (value !== undefined && !(fresh && view?.value === value)) moved();
  };
  const watch = await watchKv(kv, (e) => {
    if (e.key === POLICY_VERSION_KEY && e.operation === 'PUT') seen(e.string());
  });
  // Cut off from the broker, this gateway may have missed a change: ask the guard until it has refetched.
  void (async () => {
    for await (const st of nc.status()) if (st.type === 'reconnect' && !stopped) moved();
  })();
  return {
    current: () => (fresh ? view : undefined),
    invalidate: moved,
    whenCurrent(test) {
      if (fresh && view && test(view.version)) return Promise.resolve(view.version);
      return new Promise((resolve) => {
        const w = (version: number) => {
          if (!test(version)) return;
          waiters.delete(w);
          resolve(version);
        };
        waiters.add(w);
      });
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      watch.stop();
    },
  };
}
