import { dcgEvent, HOOK_ALLOWED_STREAM, HookAllow, hookAllowedEvent, policySnapshotRpc } from '@flywheel/contracts';
import { consumeDurable, serve, type NatsConnection } from '@flywheel/kit';
import { handedDecision } from '../domain/handed-decision.ts';
import type { SafetyCore } from '../runtime/core.ts';

/** svc.safety.policy.snapshot: what the gateway's replica builds the guard's engines from. */
export function servePolicySnapshot(nc: NatsConnection, core: SafetyCore) {
  return serve(
    nc,
    policySnapshotRpc,
    () => {
      const d = core.policy.replicaData();
      const packActions = [...d.actions].flatMap(([scopeKey, packs]) => [...packs].map(([packId, action]) => ({ scopeKey, packId, action })));
      const customPacks = d.customPacks.map(({ id, format, source }) => ({ id, format, source }));
      return {
        version: d.version,
        packActions,
        customPacks,
        failMode: d.failMode,
        defaultPacks: d.defaultPacks,
        ...(d.tmpdir ? { tmpdir: d.tmpdir } : {}),
        rulesHash: d.rulesHash,
        signature: d.signature,
      };
    },
    { logger: core.logger, queue: 'safety' },
  );
}

/**
 * The hook allows the gateway answered itself: stored, published on system.dcg and counted as if the guard had
 * decided them. Idempotent on the decision id (a redelivery stores nothing twice; the event's msg id is the same).
 */
export function consumeHookAllows(nc: NatsConnection, core: SafetyCore) {
  return consumeDurable(nc, {
    stream: HOOK_ALLOWED_STREAM.name,
    durable: 'safety-hook-allowed',
    filterSubject: hookAllowedEvent.subject,
    schema: HookAllow,
    logger: core.logger,
    handler: async (m) => {
      const rec = handedDecision(m);
      if (core.repos.decisions.insertOnce(rec)) {
        core.metrics.checkSeconds.observe({ source: 'hook' }, rec.durationUs / 1e6);
        core.metrics.decisions.inc({ rule: 'none', decision: 'allow' });
        core.metrics.handedAllows.inc();
      }
      // Acked after the event is stored, so a crash in between publishes it on redelivery.
      await core.durable.publish(dcgEvent, [], { type: 'decision', decision: rec }, rec.id, { accountId: rec.accountId });
    },
  });
}
