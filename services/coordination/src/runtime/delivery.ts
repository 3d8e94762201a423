import { AppError, agentRpcs, type Handoff } from '@flywheel/contracts';
import type { RpcCall } from '@flywheel/kit';
import { handoffMessage } from '../domain/handoff-flow.ts';
import { iso, type CoordCore } from './core.ts';
import { advance } from './handoffs.ts';

/** Answers that no retry will change. */
const PERMANENT = new Set(['NOT_FOUND', 'BAD_REQUEST', 'FORBIDDEN']);

/**
 * Hands an accepted handoff to its target agent as its next message (agent-runner `agents.send`). A busy,
 * paused or unreachable target is retried with backoff (1 s doubling to 30 s) until HANDOFF_DELIVERY_TIMEOUT_S;
 * handoffs still transferring are picked up again after a restart.
 */
export function createDelivery(core: CoordCore, runner: RpcCall) {
  const timers = new Map<string, NodeJS.Timeout>();
  const log = core.logger.child({ mod: 'handoff-delivery' });
  let stopped = false;

  const schedule = (id: string, delayMs: number) => {
    if (stopped || timers.has(id)) return;
    const t = setTimeout(() => {
      timers.delete(id);
      void attempt(id);
    }, delayMs);
    timers.set(id, t);
  };

  const fail = (h: Handoff, why: string) => advance(core, h, 'failed', { lastError: why }, 'coordination', why);

  async function attempt(id: string): Promise<void> {
    const h = core.repos.handoffs.get(id);
    if (!h || h.phase !== 'transferring' || !h.toAgentId) return;
    const target = core.repos.agents.get(h.toAgentId);
    if (!target?.live) return void fail(h, `target agent ${h.toAgentId} has ended`);
    const patterns = h.reservationIds.flatMap((rid) => core.repos.leases.get(rid)?.patterns ?? []);
    try {
      await runner(agentRpcs.send, {
        agentId: h.toAgentId,
        message: handoffMessage(h, patterns).body,
        actor: `coordination/handoff:${h.id}`,
        accountId: h.accountId,
      });
      advance(
        core,
        core.repos.handoffs.get(id)!,
        'completed',
        { deliveredAt: iso(core.now()), deliveryAttempts: h.deliveryAttempts + 1 },
        'coordination',
        'context delivered',
      );
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('INTERNAL', (err as Error).message);
      const attempts = h.deliveryAttempts + 1;
      const acceptedAt = Date.parse(h.trail.find((s) => s.phase === 'accepted')?.at ?? h.updatedAt);
      const late = core.now().getTime() - acceptedAt > core.config.HANDOFF_DELIVERY_TIMEOUT_S * 1000;
      if (PERMANENT.has(e.code) || late) return void fail(core.repos.handoffs.update(id, { deliveryAttempts: attempts }), `${e.code}: ${e.message}`);
      core.repos.handoffs.update(id, { deliveryAttempts: attempts, lastError: `${e.code}: ${e.message}` });
      log.info({ handoffId: id, code: e.code, attempts }, 'target not ready; will retry');
      schedule(id, Math.min(1000 * 2 ** (attempts - 1), 30_000));
    }
  }

  return {
    enqueue: (id: string) => schedule(id, 0),
    /** After a restart: every handoff still transferring is tried again. */
    resume(): void {
      for (const h of core.repos.handoffs.inPhases(['transferring'])) schedule(h.id, 0);
    },
    stop(): void {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
export type Delivery = ReturnType<typeof createDelivery>;
