/** WHERE clauses for the analytics filters, over the records table or the hourly rollup. */
import type { CostFilter } from '@flywheel/contracts';

const HOUR_MS = 3_600_000;

export interface Source {
  table: 'usage_records' | 'cost_rollup';
  time: 'ts_ms' | 'hour_ms';
  /** Rollup stores a missing account/project as ''; records as NULL. */
  empty: "''" | 'NULL';
  records: string;
  cacheWrite: string;
}

export const RECORDS: Source = {
  table: 'usage_records',
  time: 'ts_ms',
  empty: 'NULL',
  records: 'count(*)',
  cacheWrite: 'cache_write_5m_tokens + cache_write_1h_tokens',
};
export const ROLLUP: Source = { table: 'cost_rollup', time: 'hour_ms', empty: "''", records: 'coalesce(sum(records),0)', cacheWrite: 'cache_write_tokens' };

const aligned = (iso?: string) => iso === undefined || Date.parse(iso) % HOUR_MS === 0;

/** The rollup answers exactly when the time bounds fall on whole hours; otherwise read the records. */
export const sourceFor = (f: CostFilter): Source => (aligned(f.from) && aligned(f.to) ? ROLLUP : RECORDS);

export function whereClause(f: CostFilter, src: Source): { sql: string; args: (string | number)[] } {
  const parts: string[] = [];
  const args: (string | number)[] = [];
  const add = (clause: string, v: string | number) => (parts.push(clause), args.push(v));
  if (f.from) add(`${src.time} >= ?`, Date.parse(f.from));
  if (f.to) add(`${src.time} < ?`, Date.parse(f.to));
  if (f.agentId) add('agent_id = ?', f.agentId);
  if (f.accountId) add('account_id = ?', f.accountId);
  if (f.projectId) add('project_id = ?', f.projectId);
  if (f.model) add('model = ?', f.model);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

export const GROUP_COLUMN = {
  agent: () => 'agent_id',
  model: () => 'model',
  account: (s: Source) => `coalesce(account_id, ${s.empty === 'NULL' ? "''" : s.empty})`,
  project: (s: Source) => `coalesce(project_id, ${s.empty === 'NULL' ? "''" : s.empty})`,
  day: (s: Source) => `(${s.time} - ${s.time} % 86400000)`,
} as const;
