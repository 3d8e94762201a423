import { usageRecordEvent, type UsageRecord } from '@flywheel/contracts';
import { DurablePublisher } from '@flywheel/kit';
import { testLogger } from '@flywheel/kit/testing';
import type { Stack } from '../../support/index.ts';

export interface JsonReply {
  status: number;
  json: any;
  text: string;
}

/** REST under /api/v1<prefix> with the key its route needs, read as `{status, json, text}` (text for CSV). */
/** Cost REST as an admin: these tests read spend across accounts (viewers see their own account's only). */
export const restUnder =
  (s: Stack, prefix: string) =>
  async (method: string, path: string, body?: unknown): Promise<JsonReply> => {
    const r = await s.http(method, `${prefix}${path}`, body, { as: 'admin' });
    return { status: r.status, json: r.body, text: r.text };
  };

/** The cost REST routes and a durable publisher of usage records, as the runners publish them. */
export function costClient(s: Stack) {
  const pub = new DurablePublisher(s.nc, { logger: testLogger() });
  return {
    api: restUnder(s, '/cost-analytics'),
    publish: (rec: UsageRecord) => pub.publish(usageRecordEvent, [rec.agentId], rec, rec.messageId),
    close: () => pub.close(1000),
  };
}

export { tokens, usage } from '@flywheel/cost/testing';
