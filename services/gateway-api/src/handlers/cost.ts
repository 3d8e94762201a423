import { costRpcs, type API } from '@flywheel/contracts';
import type { RpcCall } from '@flywheel/kit';
import type { GroupHandlers, RouteContext } from '../http/bind-routes.ts';
import { CSV_COLUMNS, csvRow } from '../domain/cost-csv.ts';
import { callContext } from './context.ts';

type ExportFilter = Parameters<GroupHandlers<typeof API.cost>['exportCsv']>[0]['query'];

/** /api/v1/cost-analytics → the cost service (svc.cost.*). */
export function costHandlers(call: RpcCall): GroupHandlers<typeof API.cost> {
  /** Streams every matching record, newest first, a page of 1000 at a time. */
  async function exportCsv(filter: ExportFilter, c: RouteContext): Promise<void> {
    let page = await call(costRpcs.records, { ...filter, limit: 1000 }, callContext(c));
    c.res.setHeader('content-type', 'text/csv; charset=utf-8');
    c.res.setHeader('content-disposition', 'attachment; filename="cost-records.csv"');
    c.res.write(`${CSV_COLUMNS.join(',')}\n`);
    for (;;) {
      if (page.items.length) c.res.write(`${page.items.map(csvRow).join('\n')}\n`);
      if (!page.nextCursor) break;
      page = await call(costRpcs.records, { ...filter, limit: 1000, cursor: page.nextCursor }, callContext(c));
    }
    c.res.end();
  }
  return {
    estimate: ({ body }, c) => call(costRpcs.estimate, body, callContext(c)),
    rateCardImport: ({ body }, c) => call(costRpcs.rateCardImport, body, callContext(c)),
    rateCardList: (_i, c) => call(costRpcs.rateCardList, {}, callContext(c)),
    reprice: ({ body }, c) => call(costRpcs.reprice, body, callContext(c)),
    records: ({ query }, c) => call(costRpcs.records, query, callContext(c)),
    summary: ({ query }, c) => call(costRpcs.summary, query, callContext(c)),
    timeseries: ({ query }, c) => call(costRpcs.timeseries, query, callContext(c)),
    top: ({ query }, c) => call(costRpcs.top, query, callContext(c)),
    exportCsv: ({ query }, c) => exportCsv(query, c),
    budgetCreate: ({ body }, c) => call(costRpcs.budgetCreate, body, callContext(c)),
    budgetList: (_i, c) => call(costRpcs.budgetList, {}, callContext(c)),
    budgetAlerts: ({ query }, c) => call(costRpcs.budgetAlerts, query, callContext(c)),
    budgetGet: ({ params }, c) => call(costRpcs.budgetGet, params, callContext(c)),
    budgetUpdate: ({ params, body }, c) => call(costRpcs.budgetUpdate, { ...params, patch: body }, callContext(c)),
    budgetDelete: ({ params }, c) => call(costRpcs.budgetDelete, params, callContext(c)),
    forecast: ({ query }, c) => call(costRpcs.forecast, query, callContext(c)),
    recommendationsRefresh: ({ body }, c) => call(costRpcs.recommendationsRefresh, body, callContext(c)),
    recommendationsList: ({ query }, c) => call(costRpcs.recommendationsList, query, callContext(c)),
    recommendationSetStatus: ({ params, body }, c) => call(costRpcs.recommendationSetStatus, { ...params, ...body }, callContext(c)),
  };
}
