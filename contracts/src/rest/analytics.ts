import { Velocity, VelocityQuery } from '../coordination-tasks.ts';
import { routesOf } from './route.ts';

const route = routesOf('analytics');

/** /api/v1/analytics: development metrics computed from stored facts (docs/tasks.md). */
export const analyticsRoutes = {
  velocity: route({
    method: 'GET',
    path: '/api/v1/analytics/velocity',
    summary: 'Per day: tasks completed, lead and cycle time percentiles, cost per task and type, rework',
    access: 'viewer',
    query: VelocityQuery,
    reply: Velocity,
  }),
} as const;
