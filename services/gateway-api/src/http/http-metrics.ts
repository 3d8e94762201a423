import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram, type Registry } from '@flywheel/kit';

/** Requests by method, matched route pattern (bounded) and status. */
export function httpMetrics(registry: Registry) {
  const total = new Counter({ name: 'http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request time',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  // The labelled series, looked up once per (method, route, status) rather than by hashing the labels per request.
  const counters = new Map<string, { inc(): void }>();
  const timers = new Map<string, { observe(v: number): void }>();
  const START = Symbol('metrics start');
  type Timed = Response & { [START]: number };
  const finished = function (this: Timed) {
    const req = this.req;
    const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
    const status = String(this.statusCode);
    const byRoute = `${req.method} ${route}`;
    let timer = timers.get(byRoute);
    if (!timer) timers.set(byRoute, (timer = duration.labels({ method: req.method, route })));
    timer.observe((performance.now() - this[START]) / 1000);
    const byStatus = `${byRoute} ${status}`;
    let counter = counters.get(byStatus);
    if (!counter) counters.set(byStatus, (counter = total.labels({ method: req.method, route, status })));
    counter.inc();
  };
  return (_req: Request, res: Response, next: NextFunction): void => {
    (res as Timed)[START] = performance.now();
    res.once('finish', finished);
    next();
  };
}
