import type { CostRecordView } from '@flywheel/contracts';

export const CSV_COLUMNS = [
  'ts',
  'messageId',
  'agentId',
  'accountId',
  'projectId',
  'runnerId',
  'model',
  'matchedModel',
  'matchKind',
  'inputTokens',
  'outputTokens',
  'cacheReadTokens',
  'cacheWrite5mTokens',
  'cacheWrite1hTokens',
  'costMicros',
  'costUsd',
  'reportedCostMicros',
  'divergent',
  'rateCardId',
  'rateCardVersion',
];

/** RFC 4180 quoting: a cell with a quote, comma or line break is quoted, quotes doubled. */
export const csvCell = (v: unknown): string => {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export const csvRow = (r: CostRecordView): string =>
  [
    r.ts,
    r.messageId,
    r.agentId,
    r.accountId,
    r.projectId,
    r.runnerId,
    r.model,
    r.matchedModel,
    r.matchKind,
    r.tokens.input,
    r.tokens.output,
    r.tokens.cacheRead,
    r.tokens.cacheWrite5m,
    r.tokens.cacheWrite1h,
    r.costMicros,
    r.costUsd,
    r.reportedCostMicros,
    r.divergent,
    r.rateCardId,
    r.rateCardVersion,
  ]
    .map(csvCell)
    .join(',');
