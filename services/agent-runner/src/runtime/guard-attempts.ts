import { AppError, guardRpc, type GuardReply, type GuardRequest } from '@flywheel/contracts';
import { isNoResponders, request, type Logger, type NatsConnection } from '@flywheel/kit';

export interface AttemptOptions {
  /** Epoch ms after which no attempt is made and the call fails with TIMEOUT. */
  deadline: number;
  /** How long an attempt goes unanswered before the call is sent again (doubling up to `maxAttemptMs`). */
  attemptMs: number;
  maxAttemptMs: number;
  /** How long nobody serving the guard (no responders) is waited out. */
  graceMs: number;
  log: Logger;
}

/**
 * Sends one guard call (a fixed `callId`) until any of its attempts is answered. Every attempt stays open until the
 * deadline, so an answer to an earlier one still counts (safety may hold it for a human approval on the instance that
 * got it first). A refusal of the call itself (e.g. BAD_REQUEST) ends it at once; no responders are waited out for
 * `graceMs`; TIMEOUT comes when every attempt has reached the deadline.
 */
export function askUntilAnswered(nc: NatsConnection, req: GuardRequest, o: AttemptOptions): Promise<GuardReply> {
  return new Promise((resolve, reject) => {
    let done = false;
    let open = 0;
    let sent = 0;
    let next: NodeJS.Timeout | undefined;
    let attemptMs = o.attemptMs;
    let absentSince: number | undefined;
    let absentDelay = 50;
    const finish = (settle: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(next);
      settle();
    };
    const schedule = (ms: number) => {
      clearTimeout(next);
      next = Date.now() + ms < o.deadline ? setTimeout(send, ms) : undefined;
    };
    const failed = (err: unknown) => {
      open--;
      if (done) return;
      if (isNoResponders(err)) {
        absentSince ??= Date.now();
        const at = Date.now() + absentDelay;
        if (at <= absentSince + o.graceMs && at < o.deadline) {
          schedule(absentDelay);
          absentDelay = Math.min(absentDelay * 2, 500);
          return;
        }
        if (open === 0) finish(() => reject(err));
        return;
      }
      if (!(err instanceof AppError && err.code === 'TIMEOUT')) return finish(() => reject(err));
      if (open === 0 && next === undefined) finish(() => reject(err));
    };
    const send = () => {
      if (done) return;
      open++;
      if (++sent > 1) o.log.info({ agentId: req.agentId, tool: req.tool, callId: req.callId, attempt: sent }, 'guard call unanswered; sending it again');
      request(nc, guardRpc, req, { timeoutMs: Math.max(1, o.deadline - Date.now()) }).then((r) => finish(() => resolve(r)), failed);
      schedule(attemptMs);
      attemptMs = Math.min(attemptMs * 2, o.maxAttemptMs);
    };
    send();
  });
}
