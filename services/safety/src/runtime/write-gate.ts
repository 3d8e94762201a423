import { AppError, coordRpcs, type GuardRequest } from '@flywheel/contracts';
import type { Decision } from '@flywheel/dcg';
import { rpcClient, type Logger, type NatsConnection, type Registry } from '@flywheel/kit';
import type { WritePaths } from '../domain/write-paths.ts';
import { coordinationDownVerdict, reservedVerdict } from '../domain/coordination-verdict.ts';

/** A coordination verdict for a write (undefined: nothing held), asked beside the engine so it costs one round trip at most. */
export type WriteGate = (req: GuardRequest, writes: WritePaths) => Promise<Decision | undefined>;

/** Asks svc.coordination.write-check; silence follows COORDINATION_FAIL_MODE (allow with a warning by default). */
export function createWriteGate(nc: NatsConnection, o: { failMode: 'open' | 'closed'; timeoutMs: number; logger: Logger; registry?: Registry }): WriteGate {
  const ask = rpcClient(nc, 'coordination', { failMode: o.failMode, timeoutMs: o.timeoutMs, registry: o.registry });
  const log = o.logger.child({ mod: 'write-gate' });
  return async (req, writes) => {
    try {
      const r = await ask(coordRpcs.writeCheck, { agentId: req.agentId, projectId: req.projectId, cwd: req.cwd, ...writes }, { timeoutMs: o.timeoutMs });
      if (!r.answered) {
        log.warn({ agentId: req.agentId, code: r.error.code }, 'coordination did not answer the write check');
        return coordinationDownVerdict(o.failMode, r.error.code);
      }
      return r.reply.allowed ? undefined : reservedVerdict(r.reply);
    } catch (err) {
      return coordinationDownVerdict(o.failMode, err instanceof AppError ? err.code : 'INTERNAL');
    }
  };
}
