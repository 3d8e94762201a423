import express, { Router, type Express } from 'express';
import { API, type AuditRecord, type Principal } from '@flywheel/contracts';
import type { Logger, Registry } from '@flywheel/kit';
import { requestId } from './request-id.ts';
import { errorHandler, notFound } from './errors.ts';
import { httpMetrics } from './http-metrics.ts';
import { dashboard } from './static.ts';
import { apiDocs } from './api-docs.ts';
import { routeTable, type TreeHandlers } from './bind-routes.ts';
import { chain } from './chain.ts';
import { auditHook, noteErrorCode } from './audit-hook.ts';
import { protection, type ProtectionDeps } from './protection.ts';
import type { IdempotencyGate } from './idempotency.ts';

export interface AppDeps {
  logger: Logger;
  registry: Registry;
  bodyLimit: string;
  webDist: string;
  handlers: TreeHandlers<typeof API>;
  verify(credential: string): Principal;
  /** Receives the audit record of every change and every refused credential or role. */
  audit?(record: AuditRecord): void;
  /** Rate limits, deadline, headers, CORS and access log (http/protection.ts), Idempotency-Key, trusted proxies. */
  edge?: Omit<ProtectionDeps, 'logger'> & { idempotency?: IdempotencyGate; trustProxy?: boolean | number | string };
}

/**
 * `req.ip` worked out once per request: Express's getter runs proxy-addr over the socket address and any
 * X-Forwarded-For on every read, and the two rate limiters, the audit and the error log read it several times.
 */
function onceIp(appRequest: object): void {
  const ip = Object.getOwnPropertyDescriptor(express.request, 'ip')?.get;
  if (!ip) throw new Error('express.request has no ip getter');
  const IP = Symbol('ip');
  Object.defineProperty(appRequest, 'ip', {
    configurable: true,
    enumerable: true,
    get(this: { [IP]?: string }) {
      return (this[IP] ??= ip.call(this) as string | undefined);
    },
  });
}

/** The Express 5 edge: request id → protection → metrics → audit → JSON → the contract's routes → docs → 404 → the one error handler. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.edge?.trustProxy ?? false);
  onceIp(app.request);
  // What every request passes through, as one layer (http/chain.ts).
  app.use(
    chain([
      requestId,
      ...protection({ logger: deps.logger, corsOrigins: [], requestTimeoutMs: 30_000, ...deps.edge }),
      httpMetrics(deps.registry),
      ...(deps.audit ? [auditHook(deps.audit)] : []),
    ]),
  );
  app.use(express.json({ limit: deps.bodyLimit }));
  app.use(routeTable(API, deps.handlers, { verify: deps.verify, idempotency: deps.edge?.idempotency }, () => Router()));
  app.use(apiDocs());
  app.use('/api', notFound);
  app.use(dashboard(deps.webDist));
  app.use(notFound);
  app.use(noteErrorCode);
  app.use(errorHandler(deps.logger));
  return app;
}
