import { z } from 'zod';
import { AuditFilter, AuditLogQuery, AuditRecord } from '../audit.ts';
import { paged } from '../ids.ts';
import { routesOf } from './route.ts';

const route = routesOf('audit');
const P = '/api/v1/audit';

/** /api/v1/audit: every change made through the API and every refused credential or role (admin). */
export const auditRoutes = {
  list: route({
    method: 'GET',
    path: P,
    summary: 'Audit records, newest first (cursor-paginated)',
    access: 'admin',
    query: AuditLogQuery,
    reply: paged(AuditRecord),
  }),
  exportCsv: route({
    method: 'GET',
    path: `${P}/export.csv`,
    summary: 'Every matching audit record as CSV, newest first',
    access: 'admin',
    query: AuditFilter,
    reply: z.string(),
    produces: 'text/csv',
  }),
} as const;
