import { z } from 'zod';
import { Id, Page, paged } from '../ids.ts';
import { CoordAgent, GrantMode, ProjectSettings, Reservation, ReserveReply, ReserveRequest, TtlSeconds } from '../coordination-reservations.ts';
import { routesOf } from './route.ts';

const route = routesOf('reservations');
const P = '/api/v1/reservations';

export const CoordById = z.object({ id: z.string().min(1).max(64) });
/** `true`/`false` in a query string. */
export const QueryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ReservationQuery = Page.extend({
  projectId: Id.optional(),
  agentId: Id.optional(),
  status: z.enum(['active', 'released', 'expired', 'any']).default('active'),
});

/** /api/v1/reservations: leases on repo-relative paths, enforced before every guarded write (docs/coordination.md). */
export const reservationRoutes = {
  reserve: route({
    method: 'POST',
    path: P,
    summary: "Reserve paths for an agent (409 over another agent's exclusive lease in a strict project)",
    access: 'operator',
    body: ReserveRequest,
    reply: ReserveReply,
    status: 201,
    errors: ['CONFLICT', 'FORBIDDEN'],
  }),
  list: route({ method: 'GET', path: P, summary: 'Reservations, newest first', access: 'viewer', query: ReservationQuery, reply: paged(Reservation) }),
  get: route({ method: 'GET', path: `${P}/:id`, summary: 'One reservation', access: 'viewer', params: CoordById, reply: Reservation, errors: ['NOT_FOUND'] }),
  renew: route({
    method: 'POST',
    path: `${P}/:id/renew`,
    summary: 'Extend a lease',
    access: 'operator',
    params: CoordById,
    body: z.object({ ttlSeconds: TtlSeconds.optional() }),
    reply: Reservation,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  release: route({
    method: 'DELETE',
    path: `${P}/:id`,
    summary: 'Release a lease',
    access: 'operator',
    params: CoordById,
    reply: z.object({ released: z.array(Reservation) }),
    errors: ['NOT_FOUND'],
  }),
  forceRelease: route({
    method: 'POST',
    path: `${P}/:id/force-release`,
    summary: 'Release a stale lease (holder dead or silent); the holder is told',
    access: 'operator',
    params: CoordById,
    body: z.object({ reason: z.string().max(500).optional() }),
    reply: Reservation,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
} as const;

const ProjectParams = z.object({ projectId: Id });

/** /api/v1/projects/:projectId: a project's coordination settings and the agents coordination knows in it. */
export const projectRoutes = {
  settings: route({
    method: 'GET',
    path: '/api/v1/projects/:projectId/coordination',
    summary: "A project's grant mode and default lease TTL",
    access: 'viewer',
    params: ProjectParams,
    reply: ProjectSettings,
  }),
  setSettings: route({
    method: 'PUT',
    path: '/api/v1/projects/:projectId/coordination',
    summary: 'Set the grant mode (advisory | strict) and default TTL',
    access: 'admin',
    params: ProjectParams,
    body: z.object({ grantMode: GrantMode.optional(), defaultTtlSeconds: TtlSeconds.optional() }),
    reply: ProjectSettings,
  }),
  agents: route({
    method: 'GET',
    path: '/api/v1/projects/:projectId/agents',
    summary: 'Agents of the project (live unless live=false)',
    access: 'viewer',
    params: ProjectParams,
    query: z.object({ live: QueryBool.default(true) }),
    reply: z.object({ items: z.array(CoordAgent) }),
  }),
} as const;
