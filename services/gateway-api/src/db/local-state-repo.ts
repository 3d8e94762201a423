import { eq } from 'drizzle-orm';
import { localState } from './schema.ts';
import type { OpsDb } from './ops-db.ts';

/** Facts about this instance's own database that must survive a restart. */
export function createLocalStateRepo(db: OpsDb) {
  return {
    /** The stored value, or `make()` stored and returned the first time. */
    getOrSet(name: string, make: () => string): string {
      const have = db.select().from(localState).where(eq(localState.name, name)).get();
      if (have) return have.value;
      const value = make();
      db.insert(localState).values({ name, value }).onConflictDoNothing().run();
      return db.select().from(localState).where(eq(localState.name, name)).get()!.value;
    },
  };
}
