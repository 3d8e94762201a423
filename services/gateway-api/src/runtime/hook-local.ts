import { callAccount, hookAllowedEvent, newId, type GuardRequest, type HookAllow } from '@flywheel/contracts';
import { redact, toolTarget, writePaths, type Engine } from '@flywheel/dcg';
import { Counter, type CallContext, type DurablePublisher, type Logger, type Registry } from '@flywheel/kit';
import type { PolicyReplica, ReplicaView } from './policy-replica.ts';

/** after-ack: answer once the stream holds the decision; before-ack: at once (a gateway crash may lose it); off: always ask the guard. */
export type HookLocalMode = 'after-ack' | 'before-ack' | 'off';

export interface HookLocalDeps {
  replica: PolicyReplica;
  durable: DurablePublisher;
  mode: HookLocalMode;
  ackTimeoutMs: number;
  logger: Logger;
  registry: Registry;
}

/** Whether this gateway answered a hook call itself (true: allowed, decision handed to safety); false: ask the guard. */
export type HookLocal = (req: GuardRequest, ctx: CallContext) => Promise<boolean>;

/** The command of a shell call that writes nothing, i.e. one whose guard decision is the engine's alone. */
function engineOnlyCommand(req: GuardRequest): string | undefined {
  const target = toolTarget(req.tool, req.input);
  if (target.kind !== 'command') return undefined;
  return writePaths(req.tool, req.input, target.command) ? undefined : target.command;
}

/** True once the stream holds the message; false if it does not within `ms` (the publish goes on) or fails. */
async function ackedWithin(acked: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)));
  return Promise.race([acked, late]).finally(() => clearTimeout(timer));
}

/**
 * The hook fast path: a shell command that writes nothing, judged by the replica of the guard's engines. Only an
 * engine `allow` is answered here (for it the guard consults neither allowlist nor overrides); everything else,
 * and any doubt (no current replica, an engine error, the stream not acking in time), goes to the guard.
 */
export function createHookLocal(d: HookLocalDeps): HookLocal {
  const log = d.logger.child({ mod: 'hook-local' });
  const answers = new Counter({ name: 'hook_local_total', help: 'Hook calls by who answered', labelNames: ['path'], registers: [d.registry] });
  const [local, guard] = [answers.labels({ path: 'local' }), answers.labels({ path: 'guard' })];
  const ask = () => (guard.inc(), false);
  // A view's engines never change: each account's engine is looked up once per view, not per call.
  const engines = new WeakMap<ReplicaView, Map<string | undefined, Engine>>();
  const engineOf = (view: ReplicaView, accountId: string | undefined): Engine => {
    let byAccount = engines.get(view);
    if (!byAccount) engines.set(view, (byAccount = new Map()));
    let engine = byAccount.get(accountId);
    if (!engine) byAccount.set(accountId, (engine = view.engines.engineFor({ accountId })));
    return engine;
  };

  /** The decision as safety will record it, on its way to the stream; undefined if it is not a HookAllow. */
  function handOver(req: GuardRequest, ctx: CallContext, allowed: Omit<HookAllow, 'id' | 'ts' | 'agentId' | 'tool'>): Promise<boolean> | undefined {
    const id = newId('dcd');
    const handed = { id, ts: new Date().toISOString(), agentId: req.agentId, tool: req.tool, ...allowed };
    try {
      return d.durable.publish(hookAllowedEvent, [req.agentId], handed, id, { requestId: ctx.requestId, accountId: allowed.accountId }).then(
        () => true,
        (err: Error) => (log.error({ err: err.message, decisionId: id }, 'hook allow not handed to safety'), false),
      );
    } catch {
      // Not a HookAllow (a command longer than a stream message takes): the guard decides and records it.
      return undefined;
    }
  }

  return async (req, ctx) => {
    const view = d.mode === 'off' ? undefined : d.replica.current();
    const command = view && engineOnlyCommand(req);
    if (!view || command === undefined) return ask();
    const accountId = callAccount(ctx, req.accountId);
    const t0 = process.hrtime.bigint();
    let decision: string;
    try {
      decision = engineOf(view, accountId).check(command, { cwd: req.cwd }).decision;
    } catch {
      return ask();
    }
    // Refused by the publisher (stopped, queue full), the record would be lost: the guard decides and records it.
    if (decision !== 'allow' || !d.durable.accepts()) return ask();
    const durationUs = Number((process.hrtime.bigint() - t0) / 1000n);
    const acked = handOver(req, ctx, { accountId, command: redact(command), durationUs, policyVersion: view.version });
    if (!acked) return ask();
    if (d.mode === 'before-ack') return (local.inc(), true);
    const held = await ackedWithin(acked, d.ackTimeoutMs);
    // Not acked in time: the guard decides (the publish goes on, so safety may also store this allow).
    if (!held) log.warn({ timeoutMs: d.ackTimeoutMs }, 'hook allow not acked in time; asking the guard');
    return held ? (local.inc(), true) : ask();
  };
}
