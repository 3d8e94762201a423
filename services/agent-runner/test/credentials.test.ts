import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentCredentialRpcs } from '@flywheel/contracts';
import { connectNats, serve, type NatsConnection } from '@flywheel/kit';
import { startNats, testLogger, type TestNats } from '@flywheel/kit/testing';
import { AGENT_ENV, createAgentCredentials } from '../src/runtime/credentials.ts';

let nats: TestNats;
let nc: NatsConnection;

beforeAll(async () => {
  nats = await startNats();
  nc = await connectNats({ url: nats.url, name: 'credentials-test', logger: testLogger() });
});
afterAll(async () => {
  await nc?.drain();
  await nats?.stop();
});

describe('agent credentials', () => {
  it('no gateway at all: the agent starts at once without one', async () => {
    const creds = createAgentCredentials({ nc, logger: testLogger() });
    expect(await creds.envFor('agt_alone', 'acct-a')).toEqual({});
  });

  it('a gateway that answered before and is silent for a moment (failing over) is asked again: the agent gets its credential', async () => {
    const creds = createAgentCredentials({ nc, logger: testLogger() });
    let minted = 0;
    let silent = false;
    // The gateway's mint RPC, as this test sets it (a fake inside this one test): silent while `silent`.
    const gateway = serve(
      nc,
      agentCredentialRpcs.mint,
      async (req) => {
        if (silent) return new Promise<never>(() => undefined);
        minted++;
        return { token: `tok-${req.agentId}-${minted}`, keyId: `agc_${minted}`, gatewayUrl: 'http://127.0.0.1:1' };
      },
      { logger: testLogger() },
    );
    try {
      expect((await creds.envFor('agt_one', 'acct-a'))[AGENT_ENV.token]).toBe('tok-agt_one-1');
      silent = true;
      const env = creds.envFor('agt_two', 'acct-a');
      // Back after one attempt timed out (2 s): the retry gets the credential.
      setTimeout(() => (silent = false), 2500);
      expect((await env)[AGENT_ENV.token]).toBe('tok-agt_two-2');
    } finally {
      gateway.stop();
    }
  }, 30_000);
});
