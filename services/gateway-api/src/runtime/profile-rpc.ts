import { profileRpcs } from '@flywheel/contracts';
import { serve, type Logger, type NatsConnection } from '@flywheel/kit';
import type { ProfileStore } from './profile-store.ts';

/** The agent-runner asks for a profile's env when it starts an agent process, and for the next one after a rate limit. */
export function serveProfileRpcs(nc: NatsConnection, profiles: ProfileStore, logger: Logger): { stop(): void } {
  const q = { logger: logger.child({ mod: 'profiles' }), queue: 'gateway-api' };
  const subs = [
    serve(nc, profileRpcs.env, ({ accountId, provider, profileId }) => profiles.envFor(accountId, provider, profileId), q),
    serve(nc, profileRpcs.rotate, (r) => profiles.rotate(r), q),
  ];
  return { stop: () => subs.forEach((s) => s.stop()) };
}
