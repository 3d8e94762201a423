import { usageLimitRpcs } from '@flywheel/contracts';
import { serve, type Logger, type NatsConnection } from '@flywheel/kit';
import type { UsageSettings } from '../runtime/usage-settings.ts';

const QUEUE = { queue: 'agent-runner' };

/** Projects' usage-limit settings: any runner answers; the bucket is the fleet's one truth. */
export function serveUsageSettings(deps: { nc: NatsConnection; logger: Logger; usageSettings: UsageSettings }): { stop(): void }[] {
  const { nc, logger, usageSettings } = deps;
  return [
    serve(nc, usageLimitRpcs.get, (req) => usageSettings.get(req.projectId), { logger, ...QUEUE }),
    serve(nc, usageLimitRpcs.put, (req, ctx) => usageSettings.put(req.projectId, req, req.actor ?? ctx.accountId), { logger, ...QUEUE }),
  ];
}
