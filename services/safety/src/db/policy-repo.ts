import { and, desc, eq, sql } from 'drizzle-orm';
import type { AuditEntry } from '@flywheel/contracts';
import { compact } from '../domain/compact.ts';
import type { RuleAction, StoredAllow, StoredPack } from '../domain/policy-records.ts';
import type { PackAction } from '../domain/pack-policy.ts';
import { allowlist, audit, customPacks, packActions, policyVersion, quorumSettings, ruleOverrides } from './schema.ts';
import type { SafetyDb } from './safety-db.ts';

/** The stored policy: allowlist, pack actions, quorum settings, custom packs, rule overrides, its version and the audit log. */
export function createPolicyRepo(db: SafetyDb) {
  // Read on every guard call (has another instance changed the policy?): a kept statement, not drizzle's builder.
  const versionStmt = db.$client.prepare('SELECT version FROM policy_version WHERE id = 1').pluck();
  return {
    insertAllow: (e: StoredAllow): void => void db.insert(allowlist).values(e).run(),
    listAllow: (): StoredAllow[] => db.select().from(allowlist).orderBy(desc(allowlist.createdAt)).all(),
    deleteAllow: (id: string): boolean => db.delete(allowlist).where(eq(allowlist.id, id)).run().changes === 1,
    /** Current policy version; every change bumps it so all instances rebuild engines and reload allowlists. */
    readVersion: (): number => (versionStmt.get() as number | undefined) ?? 0,
    bumpVersion(): void {
      db.insert(policyVersion)
        .values({ id: 1, version: 1 })
        .onConflictDoUpdate({ target: policyVersion.id, set: { version: sql`${policyVersion.version} + 1` } })
        .run();
    },
    /** Per scope key, per pack id, the action set there. */
    readPackActions(): Map<string, Map<string, PackAction>> {
      const out = new Map<string, Map<string, PackAction>>();
      for (const r of db.select().from(packActions).all()) out.set(r.scopeKey, (out.get(r.scopeKey) ?? new Map()).set(r.packId, r.action));
      return out;
    },
    /** Sets (or with null removes) a pack's action in a scope. */
    writePackAction(scopeKey: string, packId: string, action: PackAction | null, by: string): void {
      if (action === null)
        return void db
          .delete(packActions)
          .where(and(eq(packActions.scopeKey, scopeKey), eq(packActions.packId, packId)))
          .run();
      const row = { scopeKey, packId, action, updatedBy: by, updatedAt: new Date().toISOString() };
      db.insert(packActions)
        .values(row)
        .onConflictDoUpdate({ target: [packActions.scopeKey, packActions.packId], set: { action, updatedBy: by, updatedAt: row.updatedAt } })
        .run();
    },
    readQuorum(): Map<string, number> {
      return new Map(
        db
          .select()
          .from(quorumSettings)
          .all()
          .map((r) => [r.scopeKey, r.quorum]),
      );
    },
    /** Sets (or with null removes) the approvals a critical rule needs in a scope (global or project:<id>). */
    writeQuorum(scopeKey: string, quorum: number | null, by: string): void {
      if (quorum === null) return void db.delete(quorumSettings).where(eq(quorumSettings.scopeKey, scopeKey)).run();
      const row = { scopeKey, quorum, updatedBy: by, updatedAt: new Date().toISOString() };
      db.insert(quorumSettings)
        .values(row)
        .onConflictDoUpdate({ target: quorumSettings.scopeKey, set: { quorum, updatedBy: by, updatedAt: row.updatedAt } })
        .run();
    },
    listCustomPacks: (): StoredPack[] => db.select().from(customPacks).orderBy(customPacks.createdAt).all(),
    upsertCustomPack(p: StoredPack): void {
      db.insert(customPacks)
        .values(p)
        .onConflictDoUpdate({ target: customPacks.id, set: { format: p.format, source: p.source, createdAt: p.createdAt } })
        .run();
    },
    deleteCustomPack: (id: string): boolean => db.delete(customPacks).where(eq(customPacks.id, id)).run().changes === 1,
    appendAudit(e: Omit<AuditEntry, 'seq' | 'ts'>): void {
      db.insert(audit)
        .values({ ts: new Date().toISOString(), actor: e.actor, action: e.action, target: e.target, details: e.details ?? null })
        .run();
    },
    listAudit(limit: number): AuditEntry[] {
      return db
        .select()
        .from(audit)
        .orderBy(desc(audit.seq))
        .limit(limit)
        .all()
        .map((r) => compact(r) as AuditEntry);
    },
    readOverrides(): Map<string, RuleAction> {
      return new Map(
        db
          .select()
          .from(ruleOverrides)
          .all()
          .map((r) => [r.ruleId, r.action]),
      );
    },
    /** Sets (or with null removes) a rule's action override. */
    writeOverride(ruleId: string, action: RuleAction | null, by: string): void {
      if (action === null) return void db.delete(ruleOverrides).where(eq(ruleOverrides.ruleId, ruleId)).run();
      const row = { ruleId, action, updatedBy: by, updatedAt: new Date().toISOString() };
      db.insert(ruleOverrides)
        .values(row)
        .onConflictDoUpdate({ target: ruleOverrides.ruleId, set: { action, updatedBy: by, updatedAt: row.updatedAt } })
        .run();
    },
  };
}
export type PolicyRepo = ReturnType<typeof createPolicyRepo>;
