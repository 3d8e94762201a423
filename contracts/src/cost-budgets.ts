import { z } from 'zod';
import { IsoTime } from './ids.ts';
import { defineEvent } from './descriptors.ts';
import { Micros } from './cost-pricing.ts';

export const BudgetScopeKind = z.enum(['global', 'account', 'project', 'agent', 'model']);
export type BudgetScopeKind = z.infer<typeof BudgetScopeKind>;

/** `global` has no value; every other kind names the account, project, agent or model. */
export const BudgetScope = z
  .object({ kind: BudgetScopeKind, value: z.string().min(1).max(200).optional() })
  .refine((s) => (s.kind === 'global') === (s.value === undefined), { message: 'global takes no value; every other scope kind needs one', path: ['value'] });
export type BudgetScope = z.infer<typeof BudgetScope>;

/** 'daily' | 'weekly' (ISO, Monday) | 'monthly' (calendar, UTC) | 'rolling_<N>h'. */
export const BudgetDurationSchema = z.union([
  z.enum(['daily', 'weekly', 'monthly']),
  z.string().regex(/^rolling_[1-9]\d{0,3}h$/, 'expected daily, weekly, monthly or rolling_<hours>h'),
]);

/**
 * A budget in LiteLLM's vocabulary; amounts are integer micro-dollars (1 USD = 1,000,000).
 * `thresholds` are percents of max_budget, each alerted once per period (default 50/75/90/100).
 */
export const BudgetInput = z.object({
  name: z.string().min(1).max(200).optional(),
  scope: BudgetScope,
  max_budget: Micros.nullable(),
  soft_budget: Micros.nullish(),
  thresholds: z.array(z.number().int().min(1).max(1000)).max(20).optional(),
  budget_duration: BudgetDurationSchema,
  /** At max_budget: only alert, or also pause the agents in scope and refuse spawns/sends (402). */
  action: z.enum(['alert', 'pause']).default('alert'),
});
export type BudgetInput = z.infer<typeof BudgetInput>;

export const BudgetUpdate = z.object({
  name: z.string().min(1).max(200).optional(),
  max_budget: Micros.nullable().optional(),
  soft_budget: Micros.nullish(),
  thresholds: z.array(z.number().int().min(1).max(1000)).max(20).optional(),
  budget_duration: BudgetDurationSchema.optional(),
  action: z.enum(['alert', 'pause']).optional(),
});
export type BudgetUpdate = z.infer<typeof BudgetUpdate>;

export const Budget = BudgetInput.extend({
  id: z.string(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  status: z.object({
    periodStart: IsoTime,
    /** When spend starts again from zero; null for rolling windows. */
    resetsAt: IsoTime.nullable(),
    spentMicros: Micros,
    paused: z.boolean(),
    alertedThresholds: z.array(z.number().int()),
  }),
});
export type Budget = z.infer<typeof Budget>;

/** One threshold crossing: on `system.alerts` (WS `system:alerts`) and in the audit log, once per period. */
export const BudgetAlert = z.object({
  source: z.literal('cost'),
  kind: z.enum(['budget_threshold', 'budget_soft', 'budget_pause', 'budget_resume']),
  id: z.string(),
  budgetId: z.string(),
  budgetName: z.string().optional(),
  scope: z.object({ kind: BudgetScopeKind, value: z.string().optional() }),
  /** The budget's account (an account budget's, or its agent's): the hub shows the alert to that account and admins only. */
  accountId: z.string().optional(),
  /** Percent of max_budget for threshold alerts. */
  threshold: z.number().int().optional(),
  periodStart: IsoTime,
  spentMicros: Micros,
  maxBudgetMicros: Micros.nullable(),
  message: z.string(),
  ts: IsoTime,
});
export type BudgetAlert = z.infer<typeof BudgetAlert>;
export const budgetAlertEvent = defineEvent({ subject: 'system.alerts', payload: BudgetAlert, durable: true });

export const RecommendationStatus = z.enum(['pending', 'applied', 'dismissed']);
export type RecommendationStatus = z.infer<typeof RecommendationStatus>;

export const RecommendationView = z.object({
  id: z.string(),
  kind: z.enum(['cheaper_model', 'low_cache_ratio', 'idle_agent', 'duplicate_agents', 'off_peak_batching']),
  title: z.string(),
  estimatedSavingMicros: Micros,
  estimatedSavingUsd: z.number(),
  evidence: z.record(z.string(), z.number()),
  context: z.record(z.string(), z.string()),
  scope: z.object({ kind: z.string(), value: z.string().optional() }),
  /** The one account whose records it rests on; absent for fleet-wide advice, which only admins see. */
  accountId: z.string().optional(),
  status: RecommendationStatus,
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type RecommendationView = z.infer<typeof RecommendationView>;
