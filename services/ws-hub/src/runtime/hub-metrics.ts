import { Counter, Gauge, type Registry } from '@flywheel/kit';

/** The hub's metrics; every label comes from a bounded set (families, codes, sources). */
export function createHubMetrics(registry: Registry) {
  const r = [registry];
  return {
    connections: new Gauge({ name: 'ws_hub_connections', help: 'Open WebSocket connections', registers: r }),
    subscriptions: new Gauge({ name: 'ws_hub_subscriptions', help: 'Subscribed channel patterns over all connections', registers: r }),
    eventsIn: new Counter({ name: 'ws_hub_events_in_total', help: 'Events ingested from JetStream', labelNames: ['family'], registers: r }),
    eventsOut: new Counter({ name: 'ws_hub_events_out_total', help: 'Event frames sent', labelNames: ['family', 'mode'], registers: r }),
    dropped: new Counter({ name: 'ws_hub_dropped_total', help: 'Events skipped for slow connections', labelNames: ['family'], registers: r }),
    replays: new Counter({
      name: 'ws_hub_replays_total',
      help: 'Subscribes that replayed, by where the events came from',
      labelNames: ['source'],
      registers: r,
    }),
    resets: new Counter({ name: 'ws_hub_resets_total', help: 'Subscribes answered with reset (cursor older than retention)', registers: r }),
    closes: new Counter({ name: 'ws_hub_closes_total', help: 'Connections closed, by close code', labelNames: ['code'], registers: r }),
    upgrades: new Counter({ name: 'ws_hub_upgrades_total', help: 'Upgrade attempts by outcome', labelNames: ['outcome'], registers: r }),
    queueBytes: new Gauge({ name: 'ws_hub_send_queue_bytes', help: 'Bytes waiting in all send queues', registers: r }),
    queuePeakBytes: new Gauge({ name: 'ws_hub_send_queue_peak_bytes', help: 'Largest single send queue seen since start', registers: r }),
    ringEvents: new Gauge({ name: 'ws_hub_ring_events', help: 'Events held in the in-memory ring', registers: r }),
  };
}
export type HubMetrics = ReturnType<typeof createHubMetrics>;
