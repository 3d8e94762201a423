import { defineStore } from 'pinia';
import { ref } from 'vue';
import { channelMatches, type EventFrame } from '@flywheel/contracts';
import { api } from '../lib/api.ts';
import { HubClient, type HubStatus, type WebSocketCtor } from '../lib/ws-client.ts';

type Listener = (e: EventFrame) => void;

/** Channels every signed-in page listens to: the inbox, agent states, fleet, costs, alerts and workspaces. */
export const APP_CHANNELS = [
  'system:dcg',
  'agent:state:*',
  'system:fleet',
  'system:cost',
  'system:alerts',
  'system:budget',
  'workspace:reservations:*',
  'workspace:conflicts:*',
  'workspace:handoffs:*',
];

/**
 * The app's one WebSocket to the hub (backoff with jitter, pings, resume from the last cursor: see
 * lib/ws-client.ts). Views add channels with `watch` and get events through `on(pattern, fn)`; `reset`
 * (the hub lost what was missed) and every reconnect tell listeners to reload from REST.
 */
export const useLiveStore = defineStore('live', () => {
  const status = ref<HubStatus | 'off'>('off');
  const lastEventAt = ref<number | null>(null);
  let hub: HubClient | undefined;
  const listeners = new Set<{ pattern: string; fn: Listener }>();
  /**
   * The listeners of each channel seen, worked out once per channel (not a pattern match per listener per
   * event: an agent's output is thousands of events a second); dropped whenever a listener comes or goes.
   */
  let routes = new Map<string, Listener[]>();
  const routeOf = (channel: string): Listener[] => {
    let r = routes.get(channel);
    if (!r) {
      r = [...listeners].filter((l) => channelMatches(l.pattern, channel)).map((l) => l.fn);
      routes.set(channel, r);
    }
    return r;
  };
  const reloaders = new Set<() => void>();
  const counts = new Map<string, number>();
  let wsCtor: WebSocketCtor | undefined;

  function start(o: { WebSocket?: WebSocketCtor } = {}) {
    if (hub) return;
    wsCtor = o.WebSocket ?? wsCtor;
    const client: HubClient = new HubClient({
      url: async () => {
        const { token } = await api.system.wsToken({});
        return `${location.origin.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(token)}`;
      },
      channels: [...APP_CHANNELS, ...counts.keys()],
      // One call per WebSocket message (a batch of up to a thousand events): one `lastEventAt` update, one ack.
      onEvents: (es) => {
        lastEventAt.value = Date.now();
        let ack: string | undefined;
        for (const e of es) {
          for (const fn of routeOf(e.channel)) fn(e);
          if (e.channel === 'system:dcg' || e.channel.startsWith('workspace:reservations') || e.channel.startsWith('workspace:conflicts')) ack = e.cursor;
        }
        // Acks are cumulative: the last acked event's cursor covers the batch's earlier ones.
        if (ack) client.ack(ack);
      },
      onReset: () => reloaders.forEach((r) => r()),
      onStatus: (s) => {
        status.value = s;
        // Subscribed (first time or after a drop): whatever changed before the subscription took hold was
        // not sent, so views read REST again once (the cursor replays what a reconnect missed).
        if (s === 'open') reloaders.forEach((r) => r());
      },
      WebSocket: wsCtor,
    });
    hub = client;
    client.start();
  }

  function stop() {
    hub?.stop();
    hub = undefined;
    status.value = 'off';
  }

  /** Adds a channel for as long as someone needs it (counted). */
  function watch(channel: string): () => void {
    const n = counts.get(channel) ?? 0;
    counts.set(channel, n + 1);
    if (n === 0 && !APP_CHANNELS.includes(channel)) hub?.subscribe([channel]);
    return () => {
      const left = (counts.get(channel) ?? 1) - 1;
      if (left > 0) return void counts.set(channel, left);
      counts.delete(channel);
      if (!APP_CHANNELS.includes(channel)) hub?.unsubscribe([channel]);
    };
  }

  /** Calls `fn` for every event on a channel matching `pattern` (`*` segments allowed). */
  function on(pattern: string, fn: Listener): () => void {
    const l = { pattern, fn };
    listeners.add(l);
    routes = new Map();
    return () => {
      listeners.delete(l);
      routes = new Map();
    };
  }

  /** Calls `fn` when the hub says state must be reloaded, or after a reconnect. */
  function onReload(fn: () => void): () => void {
    reloaders.add(fn);
    return () => reloaders.delete(fn);
  }

  return { status, lastEventAt, start, stop, watch, on, onReload };
});
