import type { API, AuditFilter } from '@flywheel/contracts';
import type { GroupHandlers, RouteContext } from '../http/bind-routes.ts';
import type { AuditRepo } from '../db/audit-repo.ts';
import { AUDIT_CSV_COLUMNS, auditCsvRow } from '../domain/audit-csv.ts';

/** /api/v1/audit: this instance's copy of every gateway's audit records. */
export function auditHandlers(repo: AuditRepo): GroupHandlers<typeof API.audit> {
  function exportCsv(filter: AuditFilter, c: RouteContext): void {
    c.res.setHeader('content-type', 'text/csv; charset=utf-8');
    c.res.setHeader('content-disposition', 'attachment; filename="audit.csv"');
    c.res.write(`${AUDIT_CSV_COLUMNS.join(',')}\n`);
    let cursor: string | undefined;
    do {
      const page = repo.list(filter, { cursor, limit: 1000 });
      if (page.items.length) c.res.write(`${page.items.map(auditCsvRow).join('\n')}\n`);
      cursor = page.nextCursor;
    } while (cursor);
    c.res.end();
  }
  return {
    list: ({ query: { cursor, limit, ...filter } }) => repo.list(filter, { cursor, limit }),
    exportCsv: ({ query }, c) => exportCsv(query, c),
  };
}
