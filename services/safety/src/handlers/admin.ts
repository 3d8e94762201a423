import {
  AppError,
  dcgRpcs,
  limitedTo,
  newId,
  type CallerScope,
  type DcgPackInfo,
  type PackActionSet,
  type QuorumSet,
  type RuleActionSet,
} from '@flywheel/contracts';
import { serve, type NatsConnection } from '@flywheel/kit';
import { createEngine, listPacks, loadCustomPack, PackError, type EnginePackInfo } from '@flywheel/dcg';
import { redact } from '../domain/redact.ts';
import { commandHash } from '../domain/short-code.ts';
import { toAllowEntry } from '../domain/policy-records.ts';
import { scopeKey, type EffectivePack } from '../domain/pack-policy.ts';
import { callAccount } from '../domain/call-account.ts';
import type { SafetyCore } from '../runtime/core.ts';

const packInfo = (p: EnginePackInfo, overrides: Map<string, 'deny' | 'ask' | 'warn'> = new Map(), eff?: EffectivePack): DcgPackInfo => ({
  id: p.id,
  name: p.name,
  description: p.description,
  alwaysOn: p.alwaysOn,
  custom: p.custom,
  enabled: p.enabled,
  rules: p.rules.map((r) => ({ ...r, action: overrides.get(r.id) ?? r.action })),
  ...(eff ? { action: eff.action, source: eff.source } : {}),
});

/** Every pack (with its rules' actions in force) for a scope: an account's, a project's, a profile's. */
function listScopePacks(core: SafetyCore, q: { accountId?: string; projectId?: string; profileId?: string }, ctx: CallerScope): DcgPackInfo[] {
  const scope = { ...q, accountId: callAccount(ctx, q.accountId) };
  const eff = new Map(core.policy.packsFor(scope).map((e) => [e.packId, e]));
  const listed = core.policy.engineFor(scope).listPacks();
  const missing = core.policy.customPacks().filter((p) => !listed.some((l) => l.id === p.id));
  // A custom pack turned off is absent from the engine; list it anyway, off.
  const off = missing.length
    ? createEngine({ customPacks: missing, failMode: 'open' })
        .listPacks()
        .filter((p) => p.custom)
        .map((p) => ({ ...p, enabled: false }))
    : [];
  return [...listed, ...off].map((p) => packInfo(p, core.policy.overrides(), eff.get(p.id)));
}

/** A pack's action in one scope; a core pack cannot be turned off. */
function setPackAction(core: SafetyCore, req: PackActionSet) {
  const pack = core.policy.pack(req.packId);
  if (!pack) throw new AppError('NOT_FOUND', `no pack ${req.packId}`);
  if (req.action === 'off' && pack.alwaysOn) throw new AppError('BAD_REQUEST', `${req.packId} is a core pack and cannot be turned off; set deny, ask or warn`);
  const key = scopeKey(req.scope, req.scopeId);
  core.repos.policy.writePackAction(key, req.packId, req.action, req.actor);
  core.repos.policy.bumpVersion();
  core.repos.policy.appendAudit({ actor: req.actor, action: 'pack.action', target: req.packId, details: { scope: key, action: req.action } });
  return { packId: req.packId, scope: req.scope, scopeId: req.scopeId, action: req.action };
}

function setQuorum(core: SafetyCore, req: QuorumSet) {
  const key = scopeKey(req.scope, req.scopeId);
  core.repos.policy.writeQuorum(key, req.quorum, req.actor);
  core.repos.policy.bumpVersion();
  core.repos.policy.appendAudit({ actor: req.actor, action: 'quorum.set', target: key, details: { quorum: req.quorum } });
  return { scope: req.scope, scopeId: req.scopeId, quorum: req.quorum };
}

function setRuleAction(core: SafetyCore, req: RuleActionSet) {
  const rule = core.policy
    .engineFor({})
    .listPacks()
    .flatMap((p) => p.rules)
    .find((r) => r.id === req.ruleId);
  if (!rule) throw new AppError('NOT_FOUND', `no rule ${req.ruleId}`);
  core.repos.policy.writeOverride(req.ruleId, req.action, req.actor);
  core.repos.policy.bumpVersion();
  core.repos.policy.appendAudit({ actor: req.actor, action: 'rule.action', target: req.ruleId, details: { action: req.action, own: rule.action } });
  return { ruleId: req.ruleId, action: req.action ?? rule.action, overridden: req.action !== null };
}

/** The scope's enabled packs, exactly: the listed ones at their rules' own actions (deny), the other optional ones off. */
function enablePacks(core: SafetyCore, req: { scope: 'global' | 'project' | 'profile'; scopeId?: string; packs: string[]; actor: string }) {
  const optional = new Set(
    listPacks()
      .filter((p) => !p.alwaysOn)
      .map((p) => p.id),
  );
  const unknown = req.packs.filter((p) => !optional.has(p));
  if (unknown.length) throw new AppError('BAD_REQUEST', `unknown optional pack(s): ${unknown.join(', ')}`, { unknown, known: [...optional] });
  const packs = [...new Set(req.packs)].sort();
  const key = scopeKey(req.scope, req.scopeId);
  core.db.transaction(() => {
    for (const id of optional) core.repos.policy.writePackAction(key, id, packs.includes(id) ? 'deny' : 'off', req.actor);
    core.repos.policy.bumpVersion();
    core.repos.policy.appendAudit({ actor: req.actor, action: 'packs.enable', target: key, details: { packs } });
  });
  return { scope: req.scope, scopeId: req.scopeId, packs };
}

/** Validates (schema, rules that can fire, no id clash with built-ins or other custom packs) before storing. */
function uploadPack(core: SafetyCore, req: { format: 'yaml' | 'json'; content: string; actor: string }): DcgPackInfo {
  try {
    const pack = loadCustomPack(req.content, req.format);
    const others = core.policy.customPacks().filter((p) => p.id !== pack.id);
    const engine = createEngine({ customPacks: [...others, pack], failMode: 'open' });
    core.repos.policy.upsertCustomPack({ id: pack.id, format: req.format, source: req.content, createdAt: new Date().toISOString() });
    core.repos.policy.bumpVersion();
    core.repos.policy.appendAudit({
      actor: req.actor,
      action: 'pack.upload',
      target: pack.id,
      details: { format: req.format, rules: pack.rules.map((r) => r.id) },
    });
    return packInfo(engine.listPacks().find((p) => p.id === pack.id)!);
  } catch (err) {
    if (err instanceof PackError) throw new AppError('BAD_REQUEST', err.message, err.details);
    throw err;
  }
}

function addAllow(core: SafetyCore, req: import('@flywheel/contracts').AllowlistAdd) {
  if (req.expiresAt && Date.parse(req.expiresAt) <= Date.now()) throw new AppError('BAD_REQUEST', 'expiresAt is in the past');
  // An entry for a rule id no pack has would never match: a typo, refused like PUT /rules/:ruleId/action.
  if (
    req.ruleId &&
    !core.policy
      .engineFor({})
      .listPacks()
      .some((p) => p.rules.some((r) => r.id === req.ruleId))
  ) {
    throw new AppError('NOT_FOUND', `no rule ${req.ruleId}`);
  }
  const row = {
    id: newId('alw'),
    kind: req.kind,
    ruleId: req.ruleId ?? null,
    command: req.command ? redact(req.command) : null,
    commandHash: req.command ? commandHash(req.command) : null,
    scope: req.scope,
    scopeId: req.scopeId ?? null,
    reason: req.reason,
    createdBy: req.actor,
    createdAt: new Date().toISOString(),
    expiresAt: req.expiresAt ? new Date(req.expiresAt).toISOString() : null,
  };
  core.repos.policy.insertAllow(row);
  core.repos.policy.bumpVersion();
  core.repos.policy.appendAudit({
    actor: req.actor,
    action: 'allowlist.add',
    target: row.id,
    details: { kind: row.kind, ruleId: row.ruleId, command: row.command, scope: row.scope, scopeId: row.scopeId },
  });
  return toAllowEntry(row);
}

function removed(core: SafetyCore, ok: boolean, what: string, action: string, actor: string, id: string) {
  if (!ok) throw new AppError('NOT_FOUND', `no ${what} ${id}`);
  core.repos.policy.bumpVersion();
  core.repos.policy.appendAudit({ actor, action, target: id });
  return { ok: true as const };
}

export function serveAdmin(nc: NatsConnection, core: SafetyCore) {
  const opts = { logger: core.logger, queue: 'safety' };
  // A change is answered once the gateways can learn of it (the policy version in KV), so their replicas follow.
  const changed = <T>(reply: T): Promise<T> => core.signal.sync().then(() => reply);
  return [
    serve(nc, dcgRpcs.packs, (q, ctx) => ({ items: listScopePacks(core, q, ctx) }), opts),
    serve(nc, dcgRpcs.packAction, (req) => changed(setPackAction(core, req)), opts),
    serve(nc, dcgRpcs.quorum, (req) => changed(setQuorum(core, req)), opts),
    serve(nc, dcgRpcs.ruleAction, (req) => changed(setRuleAction(core, req)), opts),
    serve(nc, dcgRpcs.packsEnable, (req) => changed(enablePacks(core, req)), opts),
    serve(nc, dcgRpcs.packUpload, (req) => changed(uploadPack(core, req)), opts),
    serve(
      nc,
      dcgRpcs.packDelete,
      (req) => changed(removed(core, core.repos.policy.deleteCustomPack(req.id), 'custom pack', 'pack.delete', req.actor, req.id)),
      opts,
    ),
    serve(nc, dcgRpcs.allowlistAdd, (req) => changed(addAllow(core, req)), opts),
    serve(nc, dcgRpcs.allowlistList, () => ({ items: core.repos.policy.listAllow().map(toAllowEntry) }), opts),
    serve(
      nc,
      dcgRpcs.allowlistRemove,
      (req) => changed(removed(core, core.repos.policy.deleteAllow(req.id), 'allowlist entry', 'allowlist.remove', req.actor, req.id)),
      opts,
    ),
    serve(nc, dcgRpcs.audit, (q) => ({ items: core.repos.policy.listAudit(q.limit) }), opts),
    // Policy above is global; decisions and their counts are the caller's account's only.
    serve(nc, dcgRpcs.decisions, (q, ctx) => core.repos.decisions.list(q, limitedTo(ctx)), opts),
    serve(nc, dcgRpcs.stats, (q, ctx) => core.repos.decisions.stats(q, limitedTo(ctx)), opts),
  ];
}
