import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from '@flywheel/kit';
import { GatewayDefinition } from '../../../gateway-api/src/service.ts';

/** The real gateway (in-process, its own temp DATA_DIR, a free port) in front of the runners under test. */
/** The admin key the test gateway accepts. */
export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export async function startTestGateway(natsUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fw-gw-'));
  const gw = await startService(GatewayDefinition, { NATS_URL: natsUrl, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', FLYWHEEL_ADMIN_KEY: TEST_ADMIN_KEY });
  return {
    url: `http://127.0.0.1:${gw.instance.port}`,
    async stop() {
      await gw.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
