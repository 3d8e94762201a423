import type { API, ServiceName } from '@flywheel/contracts';
import type { RpcCall } from '@flywheel/kit';
import type { TreeHandlers } from '../http/bind-routes.ts';
import { agentHandlers } from './agents.ts';
import { costHandlers } from './cost.ts';
import { dcgHandlers } from './dcg.ts';
import { systemHandlers, type SystemDeps } from './system.ts';
import { keyHandlers } from './keys.ts';
import { profileHandlers } from './profiles.ts';
import { auditHandlers } from './audit.ts';
import { alertHandlers } from './alerts.ts';
import { notificationHandlers } from './notifications.ts';
import type { Ops } from '../runtime/ops.ts';
import type { HookLocal } from '../runtime/hook-local.ts';
import { conflictHandlers, handoffHandlers, messageHandlers, projectHandlers, reservationHandlers } from './coordination.ts';
import { mcpHandlers } from './mcp.ts';
import { worktreeHandlers } from './worktrees.ts';
import { hookHandlers } from './hooks.ts';
import { analyticsHandlers, taskHandlers } from './tasks.ts';
import { usageLimitHandlers } from './usage-limits.ts';

/** One handler per route of the contract; a missing one does not compile. */
export function allHandlers(
  d: SystemDeps & { ops: Ops; notifyHosts: readonly string[]; hookLocal?: HookLocal; policyChanged?: () => void },
): TreeHandlers<typeof API> {
  const peer = (s: Exclude<ServiceName, 'gateway-api'>): RpcCall => d.peer(s);
  return {
    system: systemHandlers(d),
    keys: keyHandlers(d.keys),
    profiles: profileHandlers(d.profiles),
    agents: agentHandlers(peer('agent-runner'), d.profiles),
    cost: costHandlers(peer('cost')),
    dcg: dcgHandlers(peer('safety'), d.policyChanged),
    audit: auditHandlers(d.ops.repos.audit),
    alerts: alertHandlers({ repo: d.ops.repos.alerts, engine: d.ops.engine, settings: d.ops.settings }),
    notifications: notificationHandlers({ settings: d.ops.settings, deliveries: d.ops.repos.deliveries, allowedHosts: d.notifyHosts }),
    reservations: reservationHandlers(peer('coordination')),
    projects: projectHandlers(peer('coordination')),
    messages: messageHandlers(peer('coordination')),
    conflicts: conflictHandlers(peer('coordination')),
    handoffs: handoffHandlers(peer('coordination')),
    mcp: mcpHandlers(peer('coordination'), d.version),
    worktrees: worktreeHandlers(peer('agent-runner')),
    hooks: hookHandlers(peer('safety'), d.hookLocal),
    tasks: taskHandlers(peer('coordination')),
    analytics: analyticsHandlers(peer('coordination')),
    usageLimits: usageLimitHandlers(peer('agent-runner')),
  };
}
