import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '@flywheel/kit';
import { testLogger } from '@flywheel/kit/testing';
import * as schema from '../db/schema.ts';
import { Policy } from './policy.ts';

const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fw-safety-migrate-'));

/** The migrations folder as an installation from before safe-by-default had it (0000, 0001). */
function oldMigrations(): string {
  const folder = join(dir, 'old-drizzle');
  cpSync(MIGRATIONS, folder, { recursive: true });
  const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8'));
  journal.entries = journal.entries.filter((e: { idx: number }) => e.idx <= 1);
  writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify(journal));
  return folder;
}

describe('migrating an existing installation to safe by default', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the packs a user enabled and the rule actions a user set; only implicit defaults change', () => {
    const file = join(dir, 'safety.db');
    const old = openDb(file, { schema: {}, migrationsFolder: oldMigrations() });
    const at = '2026-01-01T00:00:00.000Z';
    old.$client.prepare('INSERT INTO pack_settings (scope_key, packs, updated_at) VALUES (?, ?, ?)').run('global', JSON.stringify(['database']), at);
    old.$client
      .prepare('INSERT INTO pack_settings (scope_key, packs, updated_at) VALUES (?, ?, ?)')
      .run('project:p-k8s', JSON.stringify(['kubernetes', 'cloud']), at);
    old.$client
      .prepare('INSERT INTO rule_overrides (rule_id, action, updated_by, updated_at) VALUES (?, ?, ?, ?)')
      .run('core.git:push-force', 'ask', 'ops', at);
    old.$client.close();

    const db = openDb(file, { schema, migrationsFolder: MIGRATIONS });
    const policy = new Policy(db, { failMode: 'open', defaultPacks: [], logger: testLogger() });
    const packs = Object.fromEntries(policy.packsFor({ projectId: 'p-k8s' }).map((p) => [p.packId, p]));
    // The user's choices: database everywhere, kubernetes and cloud in p-k8s, at their rules' own actions.
    expect(packs.database).toEqual({ packId: 'database', action: 'deny', source: 'global' });
    expect(packs.kubernetes).toEqual({ packId: 'kubernetes', action: 'deny', source: 'project', scopeId: 'p-k8s' });
    expect(packs.cloud).toEqual({ packId: 'cloud', action: 'deny', source: 'project', scopeId: 'p-k8s' });
    // What nobody chose takes the new default: on, asking.
    expect(packs.system).toEqual({ packId: 'system', action: 'ask', source: 'default' });
    expect(policy.packsFor({ projectId: 'elsewhere' }).find((p) => p.packId === 'kubernetes')).toEqual({
      packId: 'kubernetes',
      action: 'ask',
      source: 'default',
    });
    expect(policy.engineFor({}).check("psql -c 'DROP TABLE users'")).toMatchObject({ decision: 'deny' });
    expect(policy.engineFor({}).check('kubectl delete ns prod')).toMatchObject({ decision: 'ask' });
    expect(policy.overrides().get('core.git:push-force')).toBe('ask');
    expect(db.$client.prepare("SELECT name FROM sqlite_master WHERE name = 'pack_settings'").get()).toBeUndefined();
    db.$client.close();
  });
});
