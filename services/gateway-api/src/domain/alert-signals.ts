import type { AgentEvent, AlertRuleId, AlertSubject, AutopilotEvent, BudgetAlert, DcgEvent } from '@flywheel/contracts';
import type { Trigger } from './alert-decide.ts';

/** What an event means for the rules: a trigger to fire, or a condition that cleared. */
export type Signal = { kind: 'fire'; trigger: Trigger } | { kind: 'resolve'; rule: AlertRuleId; subject: AlertSubject; at: string };

const iso = (t: string) => new Date(t).toISOString();
const ENDED = new Set(['terminated', 'failed']);

/**
 * Agent state events: failed → agent_failed; activity stalled → agent_stalled, resolved by any other activity or the end;
 * paused for a usage limit → agent_usage_limit, resolved by the move out of paused.
 */
export function agentSignals(e: AgentEvent, accountId?: string): Signal[] {
  if (e.type !== 'state') return [];
  const subject: AlertSubject = { kind: 'agent', id: e.agentId };
  const at = iso(e.ts);
  const base = { subject, at, key: `${e.agentId}:${e.seq}`, ...(accountId ? { accountId } : {}) };
  const out: Signal[] = [];
  if (e.to === 'failed') {
    out.push({
      kind: 'fire',
      trigger: {
        ...base,
        rule: 'agent_failed',
        title: `Agent ${e.agentId} failed${e.reason ? `: ${e.reason}` : ''}`,
        details: { agentId: e.agentId, from: e.from, reason: e.reason },
      },
    });
  }
  // A move into paused for a usage limit opens it; any later move out of paused resolves it.
  if (e.from !== undefined && e.to === 'paused' && e.pauseReason === 'usage_limit') {
    out.push({
      kind: 'fire',
      trigger: {
        ...base,
        rule: 'agent_usage_limit',
        title: `Agent ${e.agentId} hit a usage limit${e.resumeAt ? `; it resets at ${e.resumeAt}` : ''}`,
        details: { agentId: e.agentId, resumeAt: e.resumeAt, reason: e.reason },
      },
    });
  } else if (e.from !== undefined && e.to !== 'paused') {
    out.push({ kind: 'resolve', rule: 'agent_usage_limit', subject, at });
  }
  if (e.activity === 'stalled' && !ENDED.has(e.to)) {
    out.push({
      kind: 'fire',
      trigger: { ...base, rule: 'agent_stalled', title: `Agent ${e.agentId} stalled while ${e.to}`, details: { agentId: e.agentId, state: e.to } },
    });
  } else if (e.activity !== undefined || ENDED.has(e.to)) {
    out.push({ kind: 'resolve', rule: 'agent_stalled', subject, at });
  }
  return out;
}

/** Guard events: a pending exception is a person's decision waiting (approval_waiting) until it is settled. */
export function exceptionSignals(e: DcgEvent, accountId?: string): Signal[] {
  if (e.type !== 'exception') return [];
  const x = e.exception;
  const subject: AlertSubject = { kind: 'exception', id: x.id };
  if (x.status !== 'pending') return [{ kind: 'resolve', rule: 'approval_waiting', subject, at: iso(x.decidedAt ?? x.createdAt) }];
  const who = x.agentId ? `Agent ${x.agentId}` : 'A guarded command';
  return [
    {
      kind: 'fire',
      trigger: {
        rule: 'approval_waiting',
        subject,
        at: iso(x.createdAt),
        key: x.id,
        ...(accountId ? { accountId } : {}),
        title: `${who} waits for approval (${x.shortCode}): ${x.command.slice(0, 200)}`,
        details: {
          exceptionId: x.id,
          shortCode: x.shortCode,
          agentId: x.agentId,
          command: x.command,
          ruleId: x.ruleId,
          reason: x.reason,
          live: x.live,
          expiresAt: x.expiresAt,
        },
      },
    },
  ];
}

/** Cost's budget alerts at or above `minPercent` (pauses always); a resume resolves the budget's alert. */
export function budgetSignals(b: BudgetAlert, minPercent: number): Signal[] {
  const subject: AlertSubject = { kind: 'budget', id: b.budgetId };
  const at = iso(b.ts);
  if (b.kind === 'budget_resume') return [{ kind: 'resolve', rule: 'budget', subject, at }];
  if (b.kind === 'budget_threshold' && (b.threshold ?? 0) < minPercent) return [];
  const severity = b.kind === 'budget_pause' || (b.threshold ?? 0) >= 100 ? 'critical' : (b.threshold ?? 0) >= 90 ? 'warning' : undefined;
  return [
    {
      kind: 'fire',
      trigger: {
        rule: 'budget',
        subject,
        at,
        key: b.id,
        ...(b.scope.kind === 'account' && b.scope.value ? { accountId: b.scope.value } : {}),
        ...(severity ? { severity } : {}),
        title: b.message,
        details: {
          budgetId: b.budgetId,
          budgetName: b.budgetName,
          kind: b.kind,
          threshold: b.threshold,
          spentMicros: b.spentMicros,
          maxBudgetMicros: b.maxBudgetMicros,
          scope: b.scope,
        },
      },
    },
  ];
}

/**
 * Denies per agent in a sliding window; `hit` answers true once when the count reaches the threshold
 * (then the window starts over, so a steady stream fires at most once per window).
 */
export function createSpikeCounter() {
  const seen = new Map<string, number[]>();
  return {
    hit(key: string, atMs: number, threshold: number, windowMs: number): boolean {
      const recent = (seen.get(key) ?? []).filter((t) => t > atMs - windowMs);
      recent.push(atMs);
      if (threshold > 0 && recent.length >= threshold) {
        seen.delete(key);
        return true;
      }
      seen.set(key, recent);
      return false;
    },
  };
}

/** The autopilot paused on a task that failed twice (a person should look); resuming it resolves the alert. */
export function autopilotSignals(e: AutopilotEvent, at: string): Signal[] {
  const subject: AlertSubject = { kind: 'project', id: e.projectId };
  if (e.action === 'resumed') return [{ kind: 'resolve', rule: 'autopilot_stuck', subject, at }];
  if (e.action !== 'paused' || !e.needsHuman) return [];
  return [
    {
      kind: 'fire',
      trigger: {
        rule: 'autopilot_stuck',
        subject,
        at,
        key: `${e.taskId ?? ''}:${at}`,
        ...(e.accountId ? { accountId: e.accountId } : {}),
        title: `The autopilot of project ${e.projectId} stopped: ${e.reason ?? 'a task failed twice'}`,
        details: { projectId: e.projectId, taskId: e.taskId, reason: e.reason },
      },
    },
  ];
}
