import { eq } from 'drizzle-orm';
import type { GrantMode, ProjectSettings } from '@flywheel/contracts';
import { compact } from '../domain/compact.ts';
import { projectSettings } from './schema.ts';
import type { CoordDb } from './coord-db.ts';

/** Per-project grant mode and default TTL; a project never set uses the service defaults. */
export function createSettingsRepo(db: CoordDb, defaults: { grantMode: GrantMode; defaultTtlSeconds: number }) {
  return {
    get(projectId: string): ProjectSettings {
      const r = db.select().from(projectSettings).where(eq(projectSettings.projectId, projectId)).get();
      return r ? (compact(r) as ProjectSettings) : { projectId, ...defaults };
    },
    set(s: ProjectSettings & { updatedAt: string }): ProjectSettings {
      db.insert(projectSettings).values(s).onConflictDoUpdate({ target: projectSettings.projectId, set: s }).run();
      return this.get(s.projectId);
    },
  };
}
export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
