import type { AuditRecord } from '@flywheel/contracts';
import { csvCell } from './cost-csv.ts';

export const AUDIT_CSV_COLUMNS = [
  'ts',
  'id',
  'event',
  'outcome',
  'status',
  'errorCode',
  'method',
  'route',
  'action',
  'targets',
  'accountId',
  'actor',
  'agentId',
  'ip',
  'requestId',
];

/** A spreadsheet reads a cell starting with = + - @ as a formula: such cells get a leading quote. */
const safe = (v: unknown): string => {
  const s = v === undefined || v === null ? '' : String(v);
  return csvCell(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
};

export const auditCsvRow = (r: AuditRecord): string =>
  [
    r.ts,
    r.id,
    r.event,
    r.outcome,
    r.status,
    r.errorCode,
    r.method,
    r.route,
    r.action,
    Object.entries(r.targets)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
    r.accountId,
    r.actor,
    r.agentId,
    r.ip,
    r.requestId,
  ]
    .map(safe)
    .join(',');
