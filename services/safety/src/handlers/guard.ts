import { dcgRpcs, guardRpc, type CallerScope, type GuardReply, type GuardRequest } from '@flywheel/contracts';
import { serve, type NatsConnection } from '@flywheel/kit';
import { callAccount } from '../domain/call-account.ts';
import { compact } from '../domain/compact.ts';
import { GuardCalls } from '../domain/guard-calls.ts';
import { toolTarget } from '../domain/tool-command.ts';
import { writePaths } from '../domain/write-paths.ts';
import { isolationVerdict } from '../domain/isolation.ts';
import type { SafetyCore } from '../runtime/core.ts';
import { evaluate } from '../runtime/evaluate.ts';

/** A tool call → what to evaluate: shell tools by their command; file and unknown tools are allowed and recorded. */
export async function guard(core: SafetyCore, req: GuardRequest, ctx: CallerScope): Promise<GuardReply> {
  const target = toolTarget(req.tool, req.input);
  const base = {
    source: req.source === 'hook' ? ('hook' as const) : ('guard' as const),
    agentId: req.agentId,
    accountId: callAccount(ctx, req.accountId),
    projectId: req.projectId,
    profileId: req.profileId,
    tool: req.tool,
    cwd: req.cwd,
    wait: req.wait ?? true,
  };
  const closed = core.failMode === 'closed';
  const preset =
    target.kind !== 'unreadable'
      ? undefined
      : {
          decision: closed ? ('deny' as const) : ('warn' as const),
          ruleId: 'engine:unreadable-command',
          packId: 'engine',
          severity: closed ? ('high' as const) : ('low' as const),
          reason: `${req.tool} call without a readable command; ${closed ? 'denied because the guard fails closed' : 'allowed because the guard fails open'}.`,
        };
  const command = target.kind === 'command' ? target.command : undefined;
  // Started before the engine runs, so a write costs one coordination round trip at most.
  const writes = writePaths(req.tool, req.input, command);
  // A worktree agent writing outside its worktree is denied like a reservation (a fact, not approvable); coordination is not asked then.
  const outside = writes && req.isolationRoot ? isolationVerdict(writes, req.cwd, req.isolationRoot) : undefined;
  const coordination = outside ? Promise.resolve(outside) : writes && core.writeGate ? core.writeGate(req, writes) : undefined;
  const rec = await evaluate(core, { ...base, command, preset, coordination });
  const reply: GuardReply = { decision: rec.decision === 'deny' ? 'deny' : 'allow', decisionId: rec.id };
  if (rec.reason) reply.reason = rec.reason;
  if (rec.ruleId) reply.ruleId = rec.ruleId;
  if (rec.shortCode && rec.decision === 'deny') reply.shortCode = rec.shortCode;
  if (rec.decision === 'warn') reply.warning = rec.reason;
  return reply;
}

/** svc.safety.guard, check and explain, served in the `safety` queue group. */
export function serveGuard(nc: NatsConnection, core: SafetyCore) {
  const opts = { logger: core.logger, queue: 'safety' };
  const calls = new GuardCalls<GuardReply>();
  // A re-sent call (same caller, agent and call id) gets the first call's decision: one decision stored per tool call.
  const callKey = (req: GuardRequest, ctx: CallerScope) => (req.callId ? `${callAccount(ctx, req.accountId) ?? ''}/${req.agentId}/${req.callId}` : undefined);
  return [
    serve(nc, guardRpc, (req, ctx) => calls.once(callKey(req, ctx), () => guard(core, req, ctx)), opts),
    serve(
      nc,
      dcgRpcs.check,
      async (req, ctx) => {
        const rec = await evaluate(core, { source: 'check', ...req, accountId: callAccount(ctx, req.accountId), wait: false });
        const { id, decision, ruleId, packId, severity, reason, safeAlternative, shortCode } = rec;
        return { decisionId: id, decision, ruleId, packId, severity, reason, safeAlternative, shortCode };
      },
      opts,
    ),
    serve(
      nc,
      dcgRpcs.explain,
      (req, ctx) => {
        const scope = { accountId: callAccount(ctx, req.accountId), projectId: req.projectId, profileId: req.profileId };
        const x = core.policy.engineFor(scope).explain(req.command, { cwd: req.cwd });
        const override = x.decision.ruleId ? core.policy.overrides().get(x.decision.ruleId) : undefined;
        const decision = override && x.decision.decision !== 'allow' ? { ...x.decision, decision: override, ruleOverride: override } : { ...x.decision };
        const policy = { scope: compact(scope), packs: core.policy.packsFor(scope), quorum: core.policy.quorumFor(req.projectId) };
        return { policy, ...x, decision, segments: x.segments.map((s) => ({ ...s })) };
      },
      opts,
    ),
  ];
}
