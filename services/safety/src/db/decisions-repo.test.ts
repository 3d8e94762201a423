import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '@flywheel/kit';
import * as schema from './schema.ts';
import { createDecisionsRepo } from './decisions-repo.ts';

const dir = mkdtempSync(join(tmpdir(), 'fw-safety-db-'));
const db = openDb(join(dir, 'safety.db'), { schema, migrationsFolder: fileURLToPath(new URL('../../drizzle', import.meta.url)) });
const repo = createDecisionsRepo(db);
const rec = (id: string, ts: string, decision: 'allow' | 'deny', agentId?: string) => ({ id, ts, source: 'guard' as const, decision, agentId, durationUs: 5 });

describe('decisions repo', () => {
  afterAll(() => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prunes by age, keeps the rest, and counts per decision and agent', () => {
    repo.insert(rec('d1', '2026-01-01T00:00:00.000Z', 'deny', 'a1'));
    repo.insert(rec('d2', '2026-11-01T00:00:00.000Z', 'allow', 'a1'));
    repo.insert(rec('d3', '2026-11-02T00:00:00.000Z', 'deny', 'a2'));
    expect(repo.prune(new Date('2026-06-01T00:00:00Z'))).toBe(1);
    expect(repo.list({ limit: 10 }).items.map((d) => d.id)).toEqual(['d3', 'd2']);
    const stats = repo.stats({});
    expect(stats.total).toBe(2);
    expect(stats.byAgent).toEqual(
      expect.arrayContaining([
        { key: 'a1', count: 1 },
        { key: 'a2', count: 1 },
      ]),
    );
    expect(stats.byRule).toEqual([{ key: '(none)', count: 2 }]);
  });
});
