import { eq } from 'drizzle-orm';
import { Role, type Role as RoleT } from '@flywheel/contracts';
import type { Db } from '@flywheel/kit';
import { apiKeys, authSecrets } from './schema.ts';

export type GatewayDb = Db<{ apiKeys: typeof apiKeys; authSecrets: typeof authSecrets }>;

export interface LegacyKey {
  id: string;
  keyHash: string;
  accountId: string;
  role: RoleT;
  createdAt: string;
  revokedAt?: number;
}

/** Reads what the gateway database held before keys and secrets moved to the shared KV bucket. */
export function createLegacyAuthRepo(db: GatewayDb) {
  return {
    keys(): LegacyKey[] {
      return db
        .select()
        .from(apiKeys)
        .all()
        .flatMap((r) => {
          const role = Role.safeParse(r.role);
          return role.success
            ? [{ id: r.id, keyHash: r.keyHash, accountId: r.accountId, role: role.data, createdAt: r.createdAt, revokedAt: r.revokedAt ?? undefined }]
            : [];
        });
    },
    secret(name: string): string | undefined {
      return db.select().from(authSecrets).where(eq(authSecrets.name, name)).get()?.value;
    },
  };
}
export type LegacyAuthRepo = ReturnType<typeof createLegacyAuthRepo>;
