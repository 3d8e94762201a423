import { agentRoutes } from './agents.ts';
import { costRoutes } from './cost.ts';
import { dcgRoutes } from './dcg.ts';
import { systemRoutes } from './system.ts';
import { keyRoutes } from './keys.ts';
import { profileRoutes } from './profiles.ts';
import { auditRoutes } from './audit.ts';
import { alertRoutes } from './alerts.ts';
import { notificationRoutes } from './notifications.ts';
import { projectRoutes, reservationRoutes } from './reservations.ts';
import { messageRoutes } from './messages.ts';
import { conflictRoutes, handoffRoutes } from './handoffs.ts';
import { mcpRoutes } from './mcp.ts';
import { worktreeRoutes } from './worktrees.ts';
import { hookRoutes } from './hooks.ts';
import { taskRoutes } from './tasks.ts';
import { analyticsRoutes } from './analytics.ts';
import { usageLimitRoutes } from './usage-limits.ts';

/** Every HTTP route the gateway answers, by group; the gateway, the typed client and OpenAPI read this one tree. */
export const API = {
  system: systemRoutes,
  keys: keyRoutes,
  profiles: profileRoutes,
  agents: agentRoutes,
  cost: costRoutes,
  dcg: dcgRoutes,
  audit: auditRoutes,
  alerts: alertRoutes,
  notifications: notificationRoutes,
  reservations: reservationRoutes,
  projects: projectRoutes,
  messages: messageRoutes,
  conflicts: conflictRoutes,
  handoffs: handoffRoutes,
  mcp: mcpRoutes,
  worktrees: worktreeRoutes,
  hooks: hookRoutes,
  tasks: taskRoutes,
  analytics: analyticsRoutes,
  usageLimits: usageLimitRoutes,
} as const;
export type Api = typeof API;
