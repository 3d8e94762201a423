import { desc, eq, sql } from 'drizzle-orm';
import type { AllowlistEntry, AuditEntry } from '@flywheel/contracts';
import { allowlist, audit, customPacks, packSettings, policyVersion, ruleOverrides } from './schema.ts';
import { compact, type SafetyDb } from './types.ts';

export type AllowRow = typeof allowlist.$inferSelect;

export const toAllowEntry = (row: AllowRow): AllowlistEntry => {
  const { commandHash: _h, ...rest } = compact(row);
  return rest as AllowlistEntry;
};

export const insertAllow = (db: SafetyDb, row: AllowRow): void => void db.insert(allowlist).values(row).run();
export const listAllow = (db: SafetyDb): AllowRow[] => db.select().from(allowlist).orderBy(desc(allowlist.createdAt)).all();
export const deleteAllow = (db: SafetyDb, id: string): boolean => db.delete(allowlist).where(eq(allowlist.id, id)).run().changes === 1;

/** Current policy version; every change bumps it so all instances rebuild engines and reload allowlists. */
export const readVersion = (db: SafetyDb): number => db.select().from(policyVersion).where(eq(policyVersion.id, 1)).get()?.version ?? 0;

export function bumpVersion(db: SafetyDb): void {
  db.insert(policyVersion).values({ id: 1, version: 1 }).onConflictDoUpdate({ target: policyVersion.id, set: { version: sql`${policyVersion.version} + 1` } }).run();
}

export function readPackSettings(db: SafetyDb): Map<string, string[]> {
  return new Map(db.select().from(packSettings).all().map((r) => [r.scopeKey, r.packs]));
}

export function writePackSettings(db: SafetyDb, scopeKey: string, packs: string[]): void {
  const row = { scopeKey, packs, updatedAt: new Date().toISOString() };
  db.insert(packSettings).values(row).onConflictDoUpdate({ target: packSettings.scopeKey, set: { packs, updatedAt: row.updatedAt } }).run();
}

export type CustomPackRow = typeof customPacks.$inferSelect;
export const listCustomPacks = (db: SafetyDb): CustomPackRow[] => db.select().from(customPacks).orderBy(customPacks.createdAt).all();
export function upsertCustomPack(db: SafetyDb, row: CustomPackRow): void {
  db.insert(customPacks).values(row).onConflictDoUpdate({ target: customPacks.id, set: { format: row.format, source: row.source, createdAt: row.createdAt } }).run();
}
export const deleteCustomPack = (db: SafetyDb, id: string): boolean => db.delete(customPacks).where(eq(customPacks.id, id)).run().changes === 1;

export function appendAudit(db: SafetyDb, e: Omit<AuditEntry, 'seq' | 'ts'>): void {
  db.insert(audit).values({ ts: new Date().toISOString(), actor: e.actor, action: e.action, target: e.target, details: e.details ?? null }).run();
}

export function listAudit(db: SafetyDb, limit: number): AuditEntry[] {
  return db.select().from(audit).orderBy(desc(audit.seq)).limit(limit).all().map((r) => compact(r) as AuditEntry);
}

export type RuleAction = 'deny' | 'ask' | 'warn';

export function readOverrides(db: SafetyDb): Map<string, RuleAction> {
  return new Map(db.select().from(ruleOverrides).all().map((r) => [r.ruleId, r.action]));
}

/** Sets (or with null removes) a rule's action override. */
export function writeOverride(db: SafetyDb, ruleId: string, action: RuleAction | null, by: string): void {
  if (action === null) return void db.delete(ruleOverrides).where(eq(ruleOverrides.ruleId, ruleId)).run();
  const row = { ruleId, action, updatedBy: by, updatedAt: new Date().toISOString() };
  db.insert(ruleOverrides).values(row).onConflictDoUpdate({ target: ruleOverrides.ruleId, set: { action, updatedBy: by, updatedAt: row.updatedAt } }).run();
}
