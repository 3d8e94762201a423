/** The life of a recommendation: pending → applied | dismissed; both ends are final. */
import { AppError } from '@flywheel/contracts/errors';

export type RecommendationStatus = 'pending' | 'applied' | 'dismissed';

const NEXT: Record<RecommendationStatus, readonly RecommendationStatus[]> = {
  pending: ['applied', 'dismissed'],
  applied: [],
  dismissed: [],
};

/** True when `from` may move to `to`. */
export function canTransition(from: RecommendationStatus, to: RecommendationStatus): boolean {
  return NEXT[from].includes(to);
}

/**
 * Returns the new status.
 * @throws AppError CONFLICT for an illegal transition (e.g. applied → dismissed, pending → pending).
 */
export function transitionRecommendation(from: RecommendationStatus, to: RecommendationStatus): RecommendationStatus {
  if (!canTransition(from, to)) throw new AppError('CONFLICT', `recommendation cannot go from ${from} to ${to}`, { from, to });
  return to;
}
