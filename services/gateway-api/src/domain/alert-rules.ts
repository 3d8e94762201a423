import type { AlertRuleConfig, AlertRuleId, AlertRuleView } from '@flywheel/contracts';

const rule = (c: AlertRuleConfig, description: string): AlertRuleView => ({ ...c, description });

/** Every rule with its defaults; an admin's settings (in the ops KV bucket) replace these field by field. */
export const DEFAULT_RULES: Record<AlertRuleId, AlertRuleView> = {
  agent_stalled: rule(
    { id: 'agent_stalled', enabled: true, severity: 'warning', cooldownS: 600 },
    'An executing agent fell silent (the runner marked it stalled); resolves when it is active again or ends.',
  ),
  agent_failed: rule({ id: 'agent_failed', enabled: true, severity: 'critical', cooldownS: 0 }, 'An agent ended in the failed state.'),
  approval_waiting: rule(
    { id: 'approval_waiting', enabled: true, severity: 'warning', cooldownS: 0 },
    'A blocked command waits for a human (a pending guard exception); resolves when approved, denied or expired.',
  ),
  budget: rule(
    { id: 'budget', enabled: true, severity: 'warning', cooldownS: 0, threshold: 0 },
    "A budget crossed a threshold, its soft limit, or paused its agents (cost's budget alerts); threshold: the lowest percent alerted.",
  ),
  guard_block_spike: rule(
    { id: 'guard_block_spike', enabled: true, severity: 'warning', cooldownS: 600, threshold: 5, windowS: 60 },
    'The guard denied `threshold` commands of one agent (or of unattributed callers) within `windowS` seconds.',
  ),
  service_unavailable: rule(
    { id: 'service_unavailable', enabled: true, severity: 'critical', cooldownS: 300, threshold: 2 },
    'A service did not answer `threshold` health checks in a row; resolves when it answers again.',
  ),
  breaker_open: rule(
    { id: 'breaker_open', enabled: true, severity: 'warning', cooldownS: 300 },
    'A circuit breaker of the evaluating gateway opened (its peer kept failing); resolves when it closes.',
  ),
  autopilot_stuck: rule(
    { id: 'autopilot_stuck', enabled: true, severity: 'warning', cooldownS: 0 },
    "A project's autopilot stopped because a task failed twice and asks a person to look; resolves when it is resumed.",
  ),
  agent_usage_limit: rule(
    { id: 'agent_usage_limit', enabled: true, severity: 'warning', cooldownS: 0 },
    "The model API's rate or usage limit paused an agent (until its resumeAt); resolves when the agent goes on or ends.",
  ),
};

/** A rule's defaults with an admin's stored settings over them. */
export const ruleView = (id: AlertRuleId, stored?: Partial<AlertRuleConfig>): AlertRuleView => ({ ...DEFAULT_RULES[id], ...stored, id });
