import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDb } from '@flywheel/kit';
import * as schema from './schema.ts';
import { keptRowIo, type OpsDb } from './ops-db.ts';

const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));
let dir: string | undefined;
let db: OpsDb | undefined;
afterEach(() => {
  db?.$client.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const row = (over: Partial<typeof schema.alerts.$inferSelect> = {}): typeof schema.alerts.$inferSelect => ({
  id: 'alr_1',
  rule: 'budget_threshold',
  subjectKind: 'budget',
  subjectId: 'b1',
  accountId: null,
  severity: 'warning',
  title: 'Budget at 90%',
  details: { threshold: 90, nested: { list: [1, 'two'] } },
  firstAt: '2026-12-07T00:00:00.000Z',
  lastAt: '2026-12-07T00:00:00.000Z',
  count: 1,
  status: 'open',
  statusAt: '2026-12-07T00:00:00.000Z',
  statusBy: null,
  ackedBy: null,
  ...over,
});

describe('keptRowIo', () => {
  it('reads and upserts whole rows exactly as drizzle’s builder stores and reads them (JSON and null columns too)', () => {
    dir = mkdtempSync(join(tmpdir(), 'fw-ops-db-'));
    db = openDb(join(dir, 'gw.db'), { schema, migrationsFolder: MIGRATIONS });
    const io = keptRowIo(db, schema.alerts);
    expect(io.get('alr_1')).toBeUndefined();
    io.upsert(row());
    expect(db.select().from(schema.alerts).where(eq(schema.alerts.id, 'alr_1')).get()).toEqual(row());
    expect(io.get('alr_1')).toEqual(row());

    // An upsert replaces every column of the row it conflicts with, and only that row.
    io.upsert(row({ id: 'alr_2' }));
    const changed = row({ count: 3, status: 'acknowledged', ackedBy: 'key_1', accountId: 'acct-1', details: { threshold: 95 } });
    io.transaction(() => io.upsert(changed));
    expect(io.get('alr_1')).toEqual(changed);
    expect(db.select().from(schema.alerts).where(eq(schema.alerts.id, 'alr_1')).get()).toEqual(changed);
    expect(io.get('alr_2')).toEqual(row({ id: 'alr_2' }));
  });
});
