import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { z } from 'zod';
import { API, AppError, routesOf, type Principal, type RouteDescriptor } from '@flywheel/contracts';
import { testLogger } from '@flywheel/kit/testing';
import { bindRoutes, routeTable, type TreeHandlers } from '../src/http/bind-routes.ts';
import { requestId } from '../src/http/request-id.ts';
import { errorHandler } from '../src/http/errors.ts';

const route = routesOf('test');
const tree = {
  things: {
    get: route({
      method: 'GET',
      path: '/t/:id',
      summary: 'a thing',
      access: 'viewer',
      params: z.object({ id: z.string().max(3) }),
      query: z.object({ n: z.coerce.number().int().default(1) }),
      reply: z.object({ id: z.string(), n: z.number(), who: z.string().optional() }),
    }),
    make: route({
      method: 'POST',
      path: '/t',
      summary: 'make a thing',
      access: 'admin',
      body: z.object({ name: z.string().min(1) }),
      reply: z.object({ name: z.string() }),
      status: 201,
    }),
    open: route({ method: 'GET', path: '/open', summary: 'anyone', access: 'public', reply: z.object({ ok: z.boolean() }) }),
  },
} as const;

const KEYS: Record<string, Principal> = { 'k-viewer': { accountId: 'a', role: 'viewer' }, 'k-admin': { accountId: 'b', role: 'admin' } };
const verify = (c: string): Principal => {
  const p = KEYS[c];
  if (!p) throw new AppError('UNAUTHORIZED', 'bad key');
  return p;
};

const servers: { close(): void }[] = [];
async function serve(): Promise<string> {
  const app = express();
  app.use(requestId);
  app.use(express.json());
  const router = express.Router();
  bindRoutes(
    router,
    tree,
    {
      things: {
        get: ({ params, query }, c) => ({ id: params.id, n: query.n, who: c.principal?.accountId }),
        make: ({ body }) => ({ name: body.name }),
        open: () => ({ ok: true }),
      },
    },
    { verify },
  );
  app.use(router);
  app.use(errorHandler(testLogger()));
  const s = app.listen(0, '127.0.0.1');
  servers.push(s);
  await new Promise((r) => s.once('listening', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

const call = (url: string, key?: string, body?: unknown) =>
  fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

let enforced: string;
beforeAll(async () => {
  enforced = await serve();
});
afterAll(() => servers.forEach((s) => s.close()));

describe('bindRoutes with roles enforced', () => {
  it('answers a public route without a key', async () => {
    expect((await call(`${enforced}/open`)).status).toBe(200);
  });

  it('answers 401 without a key and with a bad one', async () => {
    expect((await call(`${enforced}/t/x`)).status).toBe(401);
    const bad = await call(`${enforced}/t/x`, 'nope');
    expect(bad.status).toBe(401);
    expect((await bad.json()).error.code).toBe('UNAUTHORIZED');
  });

  it('answers 403 to a role below the route’s before reading the body', async () => {
    const res = await call(`${enforced}/t`, 'k-viewer', { name: 42 });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('FORBIDDEN');
  });

  it('parses path, query and body with the descriptor’s schemas and names the bad field', async () => {
    const res = await call(`${enforced}/t/toolong`, 'k-viewer');
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain('id');
    const body = await call(`${enforced}/t`, 'k-admin', { name: '' });
    expect(body.status).toBe(400);
    expect((await body.json()).error.message).toContain('name');
  });

  it('replies with the descriptor’s status and gives the handler the principal', async () => {
    const made = await call(`${enforced}/t`, 'k-admin', { name: 'x' });
    expect(made.status).toBe(201);
    expect(await made.json()).toEqual({ name: 'x' });
    expect(await (await call(`${enforced}/t/ab?n=3`, 'k-viewer')).json()).toEqual({ id: 'ab', n: 3, who: 'a' });
  });
});

describe('bindRoutes and unknown input', () => {
  it('rejects a field the body schema does not know', async () => {
    const res = await call(`${enforced}/t`, 'k-admin', { name: 'x', colour: 'blue' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/colour/);
  });

  it('ignores an actor or decidedBy in a body: who acted comes from the key', async () => {
    const res = await call(`${enforced}/t`, 'k-admin', { name: 'x', actor: 'someone-else', decidedBy: 'mallory' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ name: 'x' });
  });

  it('rejects an unknown query parameter and a query on a route that takes none', async () => {
    expect((await call(`${enforced}/t/ab?n=1&who=x`, 'k-viewer')).status).toBe(400);
    expect((await call(`${enforced}/open?x=1`)).status).toBe(400);
  });
});

describe('bindRoutes at boot', () => {
  it('refuses a descriptor without a handler', () => {
    expect(() => bindRoutes(express.Router(), tree, { things: {} } as never, { verify })).toThrow(/no handler for route things.get/);
  });
});

describe('routeTable (routes filed by first segment) against one Express router', () => {
  /** Every route of the contract answers with its action name in `x-action`, as does a refusal after the route was matched. */
  const handlers = Object.fromEntries(
    Object.entries(API).map(([g, group]) => [
      g,
      Object.fromEntries(
        Object.keys(group).map((n) => [n, (_input: unknown, c: { res: express.Response }) => void c.res.setHeader('x-action', `${g}.${n}`).json({})]),
      ),
    ]),
  ) as unknown as TreeHandlers<typeof API>;
  const anyKey = (): Principal => ({ accountId: 'a', role: 'admin' });

  async function app(mount: (app: express.Express) => void): Promise<string> {
    const a = express();
    a.use(requestId);
    a.use(express.json());
    mount(a);
    a.use((_req: express.Request, res: express.Response) => void res.status(404).setHeader('x-action', 'none').json({}));
    a.use((err: AppError, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      const action = (res.locals.route as { action?: string } | undefined)?.action ?? 'none';
      res
        .status(err instanceof AppError ? 400 : 500)
        .setHeader('x-action', action)
        .setHeader('x-code', err instanceof AppError ? err.code : 'other')
        .json({});
    });
    const s = a.listen(0, '127.0.0.1');
    servers.push(s);
    await new Promise((r) => s.once('listening', r));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  }

  it('sends every request to the route (and so the role check) one Express router would, whatever the spelling', async () => {
    const one = await app((a) => {
      const r = express.Router();
      bindRoutes(r, API, handlers, { verify: anyKey });
      a.use(r);
    });
    const filed = await app((a) => void a.use(routeTable(API, handlers, { verify: anyKey }, () => express.Router())));
    const routes = Object.values(API).flatMap((g) => Object.values(g) as RouteDescriptor[]);
    const probes = new Set<string>();
    for (const r of routes) {
      const path = r.path.replace(/:[A-Za-z_]+/g, 'p1').replace(/\*[A-Za-z_]*/g, 'a/b');
      const variants = [
        path,
        path.toUpperCase(),
        path.replace(/\/([a-z])/, (_m, c: string) => `/${c.toUpperCase()}`),
        `${path}/`,
        `${path}//`,
        path.replace('/api/v1/', '/api/v1//'),
        path.replace(/\/(?=[^/]*$)/, '%2F'),
        path.replace(/^\/api\/v1\/([^/]+)/, '/api/v1/$1%2Fx'),
        path.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`),
        `${path}?`,
      ];
      for (const v of variants.filter((x) => x.startsWith('/'))) for (const m of [r.method, 'HEAD', 'OPTIONS']) probes.add(`${m} ${v}`);
    }
    expect(probes.size).toBeGreaterThan(routes.length * 10);
    const answer = async (base: string, probe: string) => {
      const [method, path] = probe.split(' ');
      const res = await fetch(`${base}${path}`, { method, headers: { authorization: 'Bearer k', 'x-request-id': 'same' } });
      await res.arrayBuffer();
      return `${res.status} ${res.headers.get('x-action')} ${res.headers.get('x-code')} ${res.headers.get('allow')}`;
    };
    let reached = 0;
    for (const probe of probes) {
      const expected = await answer(one, probe);
      expect(await answer(filed, probe), probe).toBe(expected);
      if (!expected.includes(' none ')) reached++;
    }
    // The probes do reach routes (not only 404s on both sides).
    expect(reached).toBeGreaterThan(routes.length * 2);
  });
});
