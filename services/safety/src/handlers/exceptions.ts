import { AppError, canSeeAccount, dcgRpcs, limitedTo, newId, type ApprovalGrant, type CallerScope, type DcgException } from '@flywheel/contracts';
import { serve, type NatsConnection } from '@flywheel/kit';
import type { StoredException } from '../domain/stored-exception.ts';
import { publishException, type SafetyCore } from '../runtime/core.ts';

/** Lazily expires what is overdue (a live one whose holder died stays pending otherwise) and tells everyone. */
function sweep(core: SafetyCore): void {
  for (const row of core.repos.exceptions.expireDue(new Date())) publishException(core, core.repos.exceptions.view(row));
}

/** The pending exception a caller may settle: another account's (or an unowned one, for non-admins) is FORBIDDEN. */
function pendingOrThrow(core: SafetyCore, ref: string, ctx: CallerScope): StoredException {
  sweep(core);
  const row = core.repos.exceptions.find(ref);
  if (!row) throw new AppError('NOT_FOUND', `no exception ${ref}`);
  if (!canSeeAccount(ctx, row.accountId)) throw new AppError('FORBIDDEN', `exception ${row.shortCode} belongs to another account`);
  if (row.status !== 'pending') throw new AppError('CONFLICT', `exception ${row.shortCode} is already ${row.status}`, { status: row.status });
  return row;
}

function addGrantEntry(core: SafetyCore, row: StoredException, grant: ApprovalGrant, by: string): void {
  if (grant === 'once') return;
  if (grant === 'agent' && !row.agentId) throw new AppError('BAD_REQUEST', `exception ${row.shortCode} has no agent; approve once or always`);
  core.repos.policy.insertAllow({
    id: newId('alw'),
    kind: 'command',
    ruleId: null,
    command: row.command,
    commandHash: row.commandHash,
    scope: grant === 'agent' ? 'agent' : 'global',
    scopeId: grant === 'agent' ? row.agentId : null,
    reason: `approved ${row.shortCode} (${row.ruleId ?? 'rule'}) for ${grant === 'agent' ? 'this agent' : 'everyone'}`,
    createdBy: by,
    createdAt: new Date().toISOString(),
    expiresAt: null,
  });
  core.repos.policy.bumpVersion();
}

/** Approve once / for this agent / always; one SQLite transaction so a racing expiry or deny cannot half-apply it. */
export function approve(
  core: SafetyCore,
  req: { ref: string; grant: ApprovalGrant; decidedBy: string; note?: string },
  ctx: CallerScope & { agentId?: string },
): DcgException {
  // `always` adds a global allowlist entry: policy for every account, which only admins change.
  if (req.grant === 'always' && limitedTo(ctx) !== undefined)
    throw new AppError('FORBIDDEN', 'only an admin may approve always (it allows the command for every account)');
  const row = pendingOrThrow(core, req.ref, ctx);
  if ((row.quorum ?? 1) > 1) {
    // The two-person rule counts people: a key that acts for an agent (the requesting one above all) counts as none.
    if (ctx.agentId)
      throw new AppError(
        'FORBIDDEN',
        `exception ${row.shortCode} needs approvals by ${row.quorum} people; an agent's key (${ctx.agentId === row.agentId ? 'the requesting agent itself' : 'another agent'}) counts as none`,
      );
    let met = false;
    core.db.transaction(() => {
      const count = core.repos.exceptions.addApproval(row.id, {
        principal: req.decidedBy,
        grant: req.grant,
        note: req.note ?? null,
        at: new Date().toISOString(),
      });
      core.repos.policy.appendAudit({
        actor: req.decidedBy,
        action: 'exception.approval',
        target: row.id,
        details: { shortCode: row.shortCode, grant: req.grant, ruleId: row.ruleId, approvals: count, quorum: row.quorum },
      });
      if (count < row.quorum!) return;
      if (
        !core.repos.exceptions.settle(row.id, {
          status: 'approved',
          grant: req.grant,
          decidedBy: req.decidedBy,
          note: req.note,
          consumed: row.live && req.grant === 'once',
        })
      ) {
        throw new AppError('CONFLICT', `exception ${row.shortCode} was settled meanwhile`);
      }
      addGrantEntry(core, row, req.grant, req.decidedBy);
      met = true;
    });
    const view = core.repos.exceptions.view(core.repos.exceptions.get(row.id)!);
    // Every approval is published, so the inbox shows how many are still needed; only the last one settles it.
    publishException(core, view);
    if (met)
      core.repos.policy.appendAudit({
        actor: req.decidedBy,
        action: 'exception.approve',
        target: row.id,
        details: { shortCode: row.shortCode, grant: req.grant, ruleId: row.ruleId, command: row.command, quorum: row.quorum },
      });
    return view;
  }
  core.db.transaction(() => {
    const ok = core.repos.exceptions.settle(row.id, {
      status: 'approved',
      grant: req.grant,
      decidedBy: req.decidedBy,
      note: req.note,
      consumed: row.live && req.grant === 'once',
    });
    if (!ok) throw new AppError('CONFLICT', `exception ${row.shortCode} was settled meanwhile`);
    addGrantEntry(core, row, req.grant, req.decidedBy);
    core.repos.policy.appendAudit({
      actor: req.decidedBy,
      action: 'exception.approve',
      target: row.id,
      details: { shortCode: row.shortCode, grant: req.grant, ruleId: row.ruleId, command: row.command, note: req.note },
    });
  });
  const settled = core.repos.exceptions.view(core.repos.exceptions.get(row.id)!);
  publishException(core, settled);
  return settled;
}

export function deny(core: SafetyCore, req: { ref: string; decidedBy: string; note?: string }, ctx: CallerScope): DcgException {
  const row = pendingOrThrow(core, req.ref, ctx);
  core.db.transaction(() => {
    if (!core.repos.exceptions.settle(row.id, { status: 'denied', decidedBy: req.decidedBy, note: req.note }))
      throw new AppError('CONFLICT', `exception ${row.shortCode} was settled meanwhile`);
    core.repos.policy.appendAudit({
      actor: req.decidedBy,
      action: 'exception.deny',
      target: row.id,
      details: { shortCode: row.shortCode, ruleId: row.ruleId, command: row.command, note: req.note },
    });
  });
  const settled = core.repos.exceptions.view(core.repos.exceptions.get(row.id)!);
  publishException(core, settled);
  return settled;
}

/** Lists are the caller's account's only (admins and internal callers see all). */
export function serveExceptions(nc: NatsConnection, core: SafetyCore) {
  const opts = { logger: core.logger, queue: 'safety' };
  return [
    serve(nc, dcgRpcs.exceptions, (q, ctx) => (sweep(core), { items: core.repos.exceptions.list(q, limitedTo(ctx)) }), opts),
    serve(nc, dcgRpcs.approve, (req, ctx) => approve(core, req, ctx), opts),
    serve(nc, dcgRpcs.deny, (req, ctx) => deny(core, req, ctx), opts),
  ];
}
