import { Counter, Gauge, Histogram, type Registry } from '@flywheel/kit';

export interface SafetyMetrics {
  /** Labels are bounded: rule ids come from loaded packs, decisions from a closed set. Per-agent counts live in SQLite. */
  decisions: Counter<'rule' | 'decision'>;
  checkSeconds: Histogram<'source'>;
  pendingLive: Gauge;
  /** Hook allows the gateway answered itself and handed over (also counted in decisions). */
  handedAllows: Counter;
}

export function createSafetyMetrics(registry: Registry): SafetyMetrics {
  return {
    decisions: new Counter({
      name: 'dcg_decisions_total',
      help: 'Guard decisions by rule and outcome',
      labelNames: ['rule', 'decision'],
      registers: [registry],
    }),
    checkSeconds: new Histogram({
      name: 'dcg_check_duration_seconds',
      help: 'Engine evaluation time (without approval waits)',
      labelNames: ['source'],
      buckets: [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.05],
      registers: [registry],
    }),
    handedAllows: new Counter({
      name: 'dcg_hook_allows_handed_total',
      help: 'Hook allows the gateway answered from its policy replica, stored here',
      registers: [registry],
    }),
    pendingLive: new Gauge({ name: 'dcg_pending_live_approvals', help: 'Tool calls held here waiting for a human', registers: [registry] }),
  };
}
