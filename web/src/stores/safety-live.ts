import { DcgEvent, WsToken } from '@flywheel/contracts';
import { getJson } from '../lib/api.ts';
import { HubClient, type HubStatus } from '../lib/ws-client.ts';

/** Live `system:dcg` through the hub: each exception event triggers `onChange`; events are acked once handled. */
export function connectDcgLive(apiKey: string, onChange: () => void, onStatus: (s: HubStatus) => void): HubClient {
  const client: HubClient = new HubClient({
    url: async () => {
      const { token } = await getJson('/api/v1/ws/token', WsToken, { method: 'POST', headers: { authorization: `Bearer ${apiKey}` } });
      return `${location.origin.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(token)}`;
    },
    channels: ['system:dcg'],
    onEvent: (e) => {
      const ev = DcgEvent.safeParse(e.data);
      if (ev.success && ev.data.type === 'exception') onChange();
      client.ack(e.cursor);
    },
    onReset: onChange,
    onStatus,
  });
  client.start();
  return client;
}
