import { z } from 'zod';
import { Id, Page, paged } from '../ids.ts';
import { Conflict, ConflictType } from '../coordination-conflicts.ts';
import { Handoff, HandoffCreate, HandoffPhase } from '../coordination-handoffs.ts';
import { routesOf } from './route.ts';
import { CoordById } from './reservations.ts';

const conflict = routesOf('conflicts');
const handoff = routesOf('handoffs');

export const ConflictQuery = Page.extend({
  projectId: Id.optional(),
  agentId: Id.optional(),
  status: z.enum(['open', 'resolved', 'any']).default('any'),
  type: ConflictType.optional(),
});
export const HandoffQuery = Page.extend({ projectId: Id.optional(), agentId: Id.optional(), phase: HandoffPhase.optional() });
const Note = z.object({ note: z.string().max(2000).optional() });

/** /api/v1/conflicts: conflicts detected from reservations and real writes, with suggested resolutions. */
export const conflictRoutes = {
  list: conflict({
    method: 'GET',
    path: '/api/v1/conflicts',
    summary: 'Conflicts, newest first',
    access: 'viewer',
    query: ConflictQuery,
    reply: paged(Conflict),
  }),
  get: conflict({
    method: 'GET',
    path: '/api/v1/conflicts/:id',
    summary: 'One conflict',
    access: 'viewer',
    params: CoordById,
    reply: Conflict,
    errors: ['NOT_FOUND'],
  }),
  resolve: conflict({
    method: 'POST',
    path: '/api/v1/conflicts/:id/resolve',
    summary: 'Mark a conflict resolved',
    access: 'operator',
    params: CoordById,
    body: z.object({ resolution: z.string().min(1).max(2000) }),
    reply: Conflict,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
} as const;

/** /api/v1/handoffs: work passed from one agent to another with its context and leases. */
export const handoffRoutes = {
  create: handoff({
    method: 'POST',
    path: '/api/v1/handoffs',
    summary: 'Offer work to another agent',
    access: 'operator',
    body: HandoffCreate,
    reply: Handoff,
    status: 201,
  }),
  list: handoff({ method: 'GET', path: '/api/v1/handoffs', summary: 'Handoffs, newest first', access: 'viewer', query: HandoffQuery, reply: paged(Handoff) }),
  get: handoff({
    method: 'GET',
    path: '/api/v1/handoffs/:id',
    summary: 'One handoff with its audit trail',
    access: 'viewer',
    params: CoordById,
    reply: Handoff,
    errors: ['NOT_FOUND'],
  }),
  accept: handoff({
    method: 'POST',
    path: '/api/v1/handoffs/:id/accept',
    summary: 'Accept: the leases move to the target, which gets the context as its next message',
    access: 'operator',
    params: CoordById,
    body: Note,
    reply: Handoff,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  reject: handoff({
    method: 'POST',
    path: '/api/v1/handoffs/:id/reject',
    summary: 'Reject a pending handoff',
    access: 'operator',
    params: CoordById,
    body: Note,
    reply: Handoff,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  cancel: handoff({
    method: 'POST',
    path: '/api/v1/handoffs/:id/cancel',
    summary: 'Cancel a pending handoff',
    access: 'operator',
    params: CoordById,
    body: Note,
    reply: Handoff,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
} as const;
