import { profileRpcs, type Provider } from '@flywheel/contracts';
import { rpcClient, type Logger, type NatsConnection, type Registry } from '@flywheel/kit';

export interface ProfileEnv {
  profileId: string;
  env: Record<string, string>;
}

export interface AgentProfiles {
  /** The account's profile env for this provider (or the one asked for); null when it has none or the gateway is away. */
  envFor(a: { agentId: string; accountId: string; provider: Provider; profileId?: string }): Promise<ProfileEnv | null>;
  /** After a rate limit: the next profile's env (the switch is recorded by the gateway), or null when there is none. */
  rotate(a: { agentId: string; accountId: string; provider: Provider; fromProfileId?: string; reason: string }): Promise<ProfileEnv | null>;
}

/** Asks the gateway for provider profiles (BYOA); their secrets are never stored by the runner. */
export function createAgentProfiles(o: { nc: NatsConnection; logger: Logger; registry?: Registry }): AgentProfiles {
  const log = o.logger.child({ mod: 'profiles' });
  const gateway = rpcClient(o.nc, 'gateway-api', { failMode: 'open', timeoutMs: 2000, registry: o.registry });
  const answer = (r: Awaited<ReturnType<typeof gateway<typeof profileRpcs.env.request, typeof profileRpcs.env.reply>>>, what: object) => {
    if (!r.answered) {
      log.warn({ ...what, err: r.error.message }, 'no provider profile: the gateway did not answer');
      return null;
    }
    return r.reply && { profileId: r.reply.profileId, env: r.reply.env };
  };
  return {
    envFor: async (a) => answer(await gateway(profileRpcs.env, a), { agentId: a.agentId }),
    rotate: async (a) => answer(await gateway(profileRpcs.rotate, { ...a, coolForS: 3600 }), { agentId: a.agentId }),
  };
}
