import type { AgentInfo, FleetEvent, RunnerInfo } from '@flywheel/contracts';

interface Seen {
  host: string;
  startedAt: string;
  lastHeartbeatAt: string;
  /** Local receive time: loss is judged on our clock, not the sender's. */
  seenAt: number;
  intervalMs: number;
  agentCount: number;
  liveAgents: AgentInfo[];
  stopped: boolean;
}

/** Heartbeats missed before a runner is declared lost. */
export const MISSED_BEATS = 3;

/** Every runner's last heartbeat; a runner silent for 3 intervals is `lost` and its agents `unknown`. */
export function createFleetView() {
  const runners = new Map<string, Seen>();
  const status = (s: Seen, now: number): RunnerInfo['status'] => (s.stopped ? 'stopped' : now - s.seenAt > MISSED_BEATS * s.intervalMs ? 'lost' : 'alive');
  return {
    /** Takes a heartbeat or stop; an event older than what we hold (a replay) changes nothing. */
    observe(e: FleetEvent, now = Date.now()): void {
      const known = runners.get(e.runnerId);
      if (known && e.ts < known.lastHeartbeatAt) return;
      if (e.type === 'stopped') {
        if (known) known.stopped = true;
        return;
      }
      runners.set(e.runnerId, {
        host: e.host,
        startedAt: e.startedAt,
        lastHeartbeatAt: e.ts,
        seenAt: now,
        intervalMs: e.intervalMs,
        agentCount: e.agentCount,
        liveAgents: e.liveAgents,
        stopped: false,
      });
    },
    list(now = Date.now()): RunnerInfo[] {
      return [...runners.entries()].map(([runnerId, s]) => ({
        runnerId,
        host: s.host,
        status: status(s, now),
        startedAt: s.startedAt,
        lastHeartbeatAt: s.lastHeartbeatAt,
        heartbeatIntervalMs: s.intervalMs,
        agentCount: s.agentCount,
        liveAgentCount: s.liveAgents.length,
      }));
    },
    isAlive: (runnerId: string, now = Date.now()): boolean => {
      const s = runners.get(runnerId);
      return !!s && status(s, now) === 'alive';
    },
    /** The last known live agents of a runner, shown `unknown` because nobody can vouch for them. */
    unknownAgents(runnerId: string): AgentInfo[] {
      return (runners.get(runnerId)?.liveAgents ?? []).map((a) => ({ ...a, state: 'unknown' as const, stateReason: `runner ${runnerId} is not answering` }));
    },
    findAgent(agentId: string): AgentInfo | undefined {
      for (const s of runners.values()) {
        const a = s.liveAgents.find((x) => x.id === agentId);
        if (a) return a;
      }
      return undefined;
    },
    /**
     * Least live agents wins (ties go to `self`). `load` turns a runner's heartbeat count into its
     * current load, e.g. adding spawns sent to it since that heartbeat was seen.
     */
    pick(self: string, load: (runnerId: string, beatLoad: number, seenAt: number) => number, now = Date.now()): string {
      let best = self;
      let bestLoad = Infinity;
      for (const [id, s] of runners) {
        if (status(s, now) !== 'alive') continue;
        const l = load(id, s.liveAgents.length, s.seenAt);
        if (l < bestLoad || (l === bestLoad && id === self)) [best, bestLoad] = [id, l];
      }
      return best;
    },
  };
}
export type FleetView = ReturnType<typeof createFleetView>;
