import { callAccount, hookAllowedEvent, newId, type GuardRequest } from '@flywheel/contracts';
import { redact, toolTarget, writePaths } from '@flywheel/dcg';
import { Counter, type CallContext, type DurablePublisher, type Logger, type Registry } from '@flywheel/kit';
import type { PolicyReplica } from './policy-replica.ts';

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
  return async (req, ctx) => {
    if (d.mode === 'off') return false;
    const view = d.replica.current();
    const command = view && engineOnlyCommand(req);
    if (!view || command === undefined) return ask();
    const accountId = callAccount(ctx, req.accountId);
    const t0 = process.hrtime.bigint();
    let decision: string;
    try {
      decision = view.engines.engineFor({ accountId }).check(command, { cwd: req.cwd }).decision;
    } catch {
      return ask();
    }
    if (decision !== 'allow') return ask();
    const durationUs = Number((process.hrtime.bigint() - t0) / 1000n);
    const id = newId('dcd');
    const handed = {
      id,
      ts: new Date().toISOString(),
      agentId: req.agentId,
      accountId,
      tool: req.tool,
      command: redact(command),
      durationUs,
      policyVersion: view.version,
    };
    const acked = d.durable.publish(hookAllowedEvent, [req.agentId], handed, id, { requestId: ctx.requestId, accountId });
    if (d.mode === 'before-ack') {
      acked.catch((err: Error) => log.error({ err: err.message, decisionId: id }, 'hook allow answered but not handed to safety'));
      return (local.inc(), true);
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((r) => (timer = setTimeout(() => r(false), d.ackTimeoutMs)));
    const held = await Promise.race([acked.then(() => true), late]).finally(() => clearTimeout(timer));
    // Not acked in time: the guard decides (the publish goes on, so safety may also store this allow).
    if (!held) log.warn({ decisionId: id, timeoutMs: d.ackTimeoutMs }, 'hook allow not acked in time; asking the guard');
    return held ? (local.inc(), true) : ask();
  };
}
