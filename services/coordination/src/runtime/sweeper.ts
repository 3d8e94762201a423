import { iso, plusSeconds, type CoordCore } from './core.ts';
import { endLeases } from './reservations.ts';
import { advance } from './handoffs.ts';

/** Every SWEEP_MS: expire leases past their TTL, warn before expiry, expire pending handoffs. */
export function startSweeper(core: CoordCore): { stop(): void; tick(): void } {
  const log = core.logger.child({ mod: 'sweeper' });
  const warnS = core.config.EXPIRING_WARNING_S;
  const tick = () => {
    try {
      const now = core.now();
      const at = iso(now);
      const due = core.repos.leases.due(at);
      if (due.length) endLeases(core, due, { reason: 'expired', by: 'coordination' });
      if (warnS > 0) {
        const soon = core.repos.leases.expiringBy(at, plusSeconds(now, warnS));
        core.repos.leases.markWarned(
          soon.map((r) => r.id),
          at,
        );
        for (const r of soon) core.events.reservation('expiring', r);
      }
      for (const h of core.repos.handoffs.inPhases(['pending'])) if (h.expiresAt <= at) advance(core, h, 'expired', {}, 'coordination', 'not accepted in time');
    } catch (err) {
      log.error({ err }, 'sweep failed');
    }
  };
  const timer = setInterval(tick, core.config.SWEEP_MS);
  timer.unref();
  tick();
  return { tick, stop: () => clearInterval(timer) };
}
