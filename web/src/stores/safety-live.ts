import { DcgEvent } from '@flywheel/contracts';
import { apiFor } from '../lib/api.ts';
import { HubClient, type HubStatus, type WebSocketCtor } from '../lib/ws-client.ts';

export interface DcgLiveOptions {
  apiKey: string;
  onChange: () => void;
  onStatus?: (s: HubStatus) => void;
  /** The gateway origin; the page's own in the browser. */
  origin?: string;
  WebSocket?: WebSocketCtor;
}

/** Live `system:dcg` through the hub: each exception event triggers `onChange`; events are acked once handled. */
export function connectDcgLive(o: DcgLiveOptions): HubClient {
  const origin = o.origin ?? location.origin;
  const onChange = o.onChange;
  const client: HubClient = new HubClient({
    url: async () => {
      const { token } = await apiFor({ origin: o.origin, apiKey: () => o.apiKey }).system.wsToken({});
      return `${origin.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(token)}`;
    },
    channels: ['system:dcg'],
    onEvent: (e) => {
      const ev = DcgEvent.safeParse(e.data);
      if (ev.success && ev.data.type === 'exception') onChange();
      client.ack(e.cursor);
    },
    onReset: onChange,
    onStatus: o.onStatus,
    WebSocket: o.WebSocket,
  });
  client.start();
  return client;
}
