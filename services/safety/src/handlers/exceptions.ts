import { AppError, dcgRpcs, newId, type ApprovalGrant, type DcgException } from '@flywheel/contracts';
import { serve, type NatsConnection } from '@flywheel/kit';
import { expireDue, findException, getException, listExceptions, toException, settleException, type ExceptionRow } from '../db/exceptions-repo.ts';
import { appendAudit, bumpVersion, insertAllow } from '../db/policy-repo.ts';
import { publishException, type SafetyCore } from '../runtime/core.ts';

/** Lazily expires what is overdue (a live one whose holder died stays pending otherwise) and tells everyone. */
function sweep(core: SafetyCore): void {
  for (const row of expireDue(core.db, new Date())) publishException(core, toException(row));
}

function pendingOrThrow(core: SafetyCore, ref: string): ExceptionRow {
  sweep(core);
  const row = findException(core.db, ref);
  if (!row) throw new AppError('NOT_FOUND', `no exception ${ref}`);
  if (row.status !== 'pending') throw new AppError('CONFLICT', `exception ${row.shortCode} is already ${row.status}`, { status: row.status });
  return row;
}

function addGrantEntry(core: SafetyCore, row: ExceptionRow, grant: ApprovalGrant, by: string): void {
  if (grant === 'once') return;
  if (grant === 'agent' && !row.agentId) throw new AppError('BAD_REQUEST', `exception ${row.shortCode} has no agent; approve once or always`);
  insertAllow(core.db, {
    id: newId('alw'), kind: 'command', ruleId: null, command: row.command, commandHash: row.commandHash, scope: grant === 'agent' ? 'agent' : 'global',
    scopeId: grant === 'agent' ? row.agentId : null, reason: `approved ${row.shortCode} (${row.ruleId ?? 'rule'}) for ${grant === 'agent' ? 'this agent' : 'everyone'}`,
    createdBy: by, createdAt: new Date().toISOString(), expiresAt: null,
  });
  bumpVersion(core.db);
}

/** Approve once / for this agent / always; one SQLite transaction so a racing expiry or deny cannot half-apply it. */
export function approve(core: SafetyCore, req: { ref: string; grant: ApprovalGrant; decidedBy: string; note?: string }): DcgException {
  const row = pendingOrThrow(core, req.ref);
  core.db.transaction(() => {
    const ok = settleException(core.db, row.id, { status: 'approved', grant: req.grant, decidedBy: req.decidedBy, note: req.note, consumed: row.live && req.grant === 'once' });
    if (!ok) throw new AppError('CONFLICT', `exception ${row.shortCode} was settled meanwhile`);
    addGrantEntry(core, row, req.grant, req.decidedBy);
    appendAudit(core.db, { actor: req.decidedBy, action: 'exception.approve', target: row.id, details: { shortCode: row.shortCode, grant: req.grant, ruleId: row.ruleId, command: row.command, note: req.note } });
  });
  const settled = toException(getException(core.db, row.id)!);
  publishException(core, settled);
  return settled;
}

export function deny(core: SafetyCore, req: { ref: string; decidedBy: string; note?: string }): DcgException {
  const row = pendingOrThrow(core, req.ref);
  core.db.transaction(() => {
    if (!settleException(core.db, row.id, { status: 'denied', decidedBy: req.decidedBy, note: req.note })) throw new AppError('CONFLICT', `exception ${row.shortCode} was settled meanwhile`);
    appendAudit(core.db, { actor: req.decidedBy, action: 'exception.deny', target: row.id, details: { shortCode: row.shortCode, ruleId: row.ruleId, command: row.command, note: req.note } });
  });
  const settled = toException(getException(core.db, row.id)!);
  publishException(core, settled);
  return settled;
}

export function serveExceptions(nc: NatsConnection, core: SafetyCore) {
  const opts = { logger: core.logger, queue: 'safety' };
  return [
    serve(nc, dcgRpcs.exceptions, (q) => (sweep(core), { items: listExceptions(core.db, q) }), opts),
    serve(nc, dcgRpcs.approve, (req) => approve(core, req), opts),
    serve(nc, dcgRpcs.deny, (req) => deny(core, req), opts),
  ];
}
