import { allRoutes, API, createApiClient, type Access, type Role } from '@flywheel/contracts';

const routes = allRoutes(API).map((r) => ({
  method: r.method,
  access: r.access,
  pattern: new RegExp(`^${r.path.replace(/[.]/g, '\\.').replace(/:[A-Za-z0-9_]+/g, '[^/]+')}$`),
}));

/**
 * The role a request needs: the `access` of the route descriptor it hits (path without its query).
 * A request that hits no route (a probe of a bad path or method) needs a viewer's key to reach the 404.
 */
export function accessOf(method: string, path: string): Access {
  const bare = path.split('?')[0];
  return routes.find((r) => r.method === method && r.pattern.test(bare))?.access ?? 'viewer';
}

/** Keys of a role for an account, minted once through the deployment's admin key and cached. */
export function keyRing(baseUrl: () => string, adminKey: string): (role: Role, accountId: string) => Promise<string> {
  const minted = new Map<string, Promise<string>>();
  return (role, accountId) => {
    const id = `${role}/${accountId}`;
    if (!minted.has(id)) {
      const admin = createApiClient(API, { baseUrl: baseUrl(), credential: () => adminKey });
      const key = admin.keys.create({ body: { accountId, role } }).then((k) => k.key);
      key.catch(() => minted.delete(id));
      minted.set(id, key);
    }
    return minted.get(id)!;
  };
}
