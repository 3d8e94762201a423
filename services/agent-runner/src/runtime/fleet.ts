import { fleetEvent, fleetListRpc, type AgentInfo } from '@flywheel/contracts';
import { publish, serve, subscribe, type Logger, type NatsConnection } from '@flywheel/kit';
import { createFleetView, type FleetView } from '../domain/fleet-view.ts';
import { replayFleet } from './fleet-replay.ts';

export interface FleetOptions {
  nc: NatsConnection;
  logger: Logger;
  runnerId: string;
  host: string;
  intervalMs: number;
  liveAgents(): AgentInfo[];
  agentCount(): number;
}

/** Heartbeats this runner on system.fleet and keeps everyone's last heartbeat for /fleet and placement. */
export async function startFleet(opts: FleetOptions): Promise<{ view: FleetView; beat(): void; stop(): void }> {
  const view = createFleetView();
  const startedAt = new Date().toISOString();
  const beat = () => {
    const e = {
      type: 'heartbeat' as const,
      runnerId: opts.runnerId,
      host: opts.host,
      startedAt,
      ts: new Date().toISOString(),
      intervalMs: opts.intervalMs,
      agentCount: opts.agentCount(),
      liveAgents: opts.liveAgents(),
    };
    // Our own beat counts at once, so a lone runner can place spawns before the echo arrives.
    view.observe(e);
    publish(opts.nc, fleetEvent, [], e);
  };
  const sub = subscribe(opts.nc, fleetEvent, (e) => view.observe(e), { logger: opts.logger });
  // Peers that died before we started: from the stream, over a window of many heartbeats.
  await replayFleet({ nc: opts.nc, view, windowMs: Math.max(60_000, 20 * opts.intervalMs), logger: opts.logger }).catch((err) =>
    opts.logger.warn({ err: (err as Error).message }, 'fleet history not replayed'),
  );
  const rpc = serve(opts.nc, fleetListRpc, () => ({ runners: view.list() }), { logger: opts.logger, queue: 'agent-runner' });
  beat();
  const timer = setInterval(beat, opts.intervalMs);
  return {
    view,
    beat,
    stop() {
      clearInterval(timer);
      publish(opts.nc, fleetEvent, [], { type: 'stopped', runnerId: opts.runnerId, ts: new Date().toISOString() });
      sub.stop();
      rpc.stop();
    },
  };
}
