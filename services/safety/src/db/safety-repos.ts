import { createDecisionsRepo } from './decisions-repo.ts';
import { createExceptionsRepo } from './exceptions-repo.ts';
import { createPolicyRepo } from './policy-repo.ts';
import type { SafetyDb } from './safety-db.ts';

/** The safety service's repositories over one database. */
export function createSafetyRepos(db: SafetyDb) {
  return { decisions: createDecisionsRepo(db), exceptions: createExceptionsRepo(db), policy: createPolicyRepo(db) };
}
export type SafetyRepos = ReturnType<typeof createSafetyRepos>;
