/**
 * The pure part of budgets, in LiteLLM's vocabulary: `max_budget` (hard limit), `soft_budget`,
 * alert `thresholds` in percent of max_budget (default 50/75/90/100) and `budget_duration`.
 * Amounts are micro-dollars (LiteLLM's keys, our money unit). Enforcement (alerts, pausing
 * agents) is the service's job; this only says what the spend means.
 */
import { z } from 'zod';
import { parseOrThrow } from '@flywheel/contracts/errors';
import type { Micros } from './money.ts';

export const DEFAULT_THRESHOLDS_PERCENT = [50, 75, 90, 100] as const;

/** 'daily' | 'weekly' (ISO, Monday) | 'monthly' (calendar) | 'rolling_<N>h' (the last N hours). */
export const BudgetDuration = z.union([z.enum(['daily', 'weekly', 'monthly']), z.string().regex(/^rolling_[1-9]\d{0,3}h$/, 'expected rolling_<hours>h')]);
export type BudgetDuration = z.infer<typeof BudgetDuration>;

const micros = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const BudgetLimits = z.object({
  /** Hard limit; null for a soft-only budget. */
  max_budget: micros.nullable(),
  soft_budget: micros.nullish(),
  /** Whole percents of max_budget, each alerted once per period. */
  thresholds: z.array(z.number().int().min(1).max(1000)).optional(),
  budget_duration: BudgetDuration,
});
export type BudgetLimits = z.infer<typeof BudgetLimits>;

export interface BudgetEvaluation {
  /** Thresholds newly crossed by this spend, ascending (not in alreadyAlerted). */
  crossed: number[];
  /** Spend has reached max_budget (reaching it counts: the next call would exceed it). */
  overHard: boolean;
  overSoft: boolean;
}

/**
 * Evaluates period spend against a budget. A threshold t is crossed when
 * spent × 100 ≥ t × max_budget, compared exactly in integers.
 * @throws AppError BAD_REQUEST for an invalid budget or spend.
 */
export function evaluateBudget(budget: BudgetLimits, spentMicros: Micros, alreadyAlertedThresholds: readonly number[] = []): BudgetEvaluation {
  const b = parseOrThrow(BudgetLimits, budget, 'budget');
  const spent = BigInt(parseOrThrow(micros, spentMicros, 'spentMicros'));
  const alerted = new Set(alreadyAlertedThresholds);
  const thresholds = [...new Set(b.thresholds ?? DEFAULT_THRESHOLDS_PERCENT)].sort((x, y) => x - y);
  const max = b.max_budget === null ? null : BigInt(b.max_budget);
  const crossed = max === null ? [] : thresholds.filter((t) => !alerted.has(t) && spent * 100n >= BigInt(t) * max);
  return {
    crossed,
    overHard: max !== null && spent >= max,
    overSoft: b.soft_budget != null && spent >= BigInt(b.soft_budget),
  };
}
