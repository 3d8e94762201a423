import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthRpc, SERVICE_NAMES, type ServiceHealth } from '@flywheel/contracts';
import { connectNats, serve, type NatsConnection } from '@flywheel/kit';
import { startNats, testLogger, waitFor, type TestNats } from '@flywheel/kit/testing';
import { coalescedHealth } from '../src/runtime/health.ts';

let nats: TestNats;
let nc: NatsConnection;

beforeAll(async () => {
  nats = await startNats();
  nc = await connectNats({ url: nats.url, name: 'health-test', logger: testLogger() });
});
afterAll(async () => {
  await nc?.drain();
  await nats?.stop();
});

describe('coalescedHealth', () => {
  it('asks each service once for probes that arrive while a gather runs, and afresh after it ends', async () => {
    const peers = SERVICE_NAMES.filter((s) => s !== 'gateway-api');
    const asked = new Map<string, number>(peers.map((s) => [s, 0]));
    let release: () => void = () => {};
    let gate = new Promise<void>((r) => (release = r));
    const servers = peers.map((s) =>
      serve(
        nc,
        healthRpc(s),
        async (): Promise<ServiceHealth> => {
          asked.set(s, (asked.get(s) ?? 0) + 1);
          await gate;
          return { status: 'ok', version: `v-${s}` };
        },
        { logger: testLogger() },
      ),
    );
    try {
      const health = coalescedHealth({ nc, version: '9.9.9', timeoutMs: 5000 });
      const first = health();
      await waitFor(() => peers.every((s) => asked.get(s) === 1));
      const more = [health(), health(), health()];
      release();
      const reports = await Promise.all([first, ...more]);
      for (const r of reports) expect(r).toBe(reports[0]);
      expect(reports[0].status).toBe('ok');
      expect(reports[0].services['gateway-api']).toEqual({ status: 'ok', version: '9.9.9' });
      for (const s of peers) expect(reports[0].services[s], s).toEqual({ status: 'ok', version: `v-${s}` });
      expect([...asked.values()]).toEqual(peers.map(() => 1));

      // The gather ended: the next probe asks again and sees what is true now.
      gate = Promise.resolve();
      servers[0].stop();
      const next = await health();
      expect([...asked.values()].slice(1)).toEqual(peers.slice(1).map(() => 2));
      expect(next.services[peers[0]].status).toBe('unavailable');
      expect(next.status).toBe('degraded');
    } finally {
      for (const s of servers) s.stop();
    }
  });
});
