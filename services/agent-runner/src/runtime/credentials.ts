import { agentCredentialRpcs, type AppError } from '@flywheel/contracts';
import { rpcClient, type Logger, type NatsConnection, type Registry } from '@flywheel/kit';

import { AGENT_ENV } from '../domain/agent-env.ts';

export { AGENT_ENV };

export interface AgentCredentials {
  /** Env for one agent process; empty (logged) when the gateway cannot mint one: the agent runs without MCP and HTTP hooks. */
  envFor(agentId: string, accountId: string | undefined, isolationRoot?: string): Promise<Record<string, string>>;
  /** Ends the agent's credential (terminate, failure); retried by nobody, so a gateway outage leaves it until the next mint. */
  revoke(agentId: string): void;
}

/** How long a mint is asked again while a gateway that answered before is silent (each attempt times out after 2 s). */
export const MINT_RETRY_MS = 15_000;

/** Asks the gateway to mint and revoke per-agent credentials (svc.gateway-api.agent-credentials.*). */
export function createAgentCredentials(o: { nc: NatsConnection; logger: Logger; registry?: Registry }): AgentCredentials {
  const log = o.logger.child({ mod: 'credentials' });
  const gateway = rpcClient(o.nc, 'gateway-api', { failMode: 'open', timeoutMs: 2000, registry: o.registry });
  let gatewaySeen = false;
  return {
    async envFor(agentId, accountId, isolationRoot): Promise<Record<string, string>> {
      const deadline = Date.now() + MINT_RETRY_MS;
      for (let attempt = 1; ; attempt++) {
        const r = await gateway(agentCredentialRpcs.mint, { agentId, accountId, ...(isolationRoot ? { isolationRoot } : {}) }).catch((err: AppError) => ({
          answered: false as const,
          error: err,
        }));
        if (r.answered) {
          gatewaySeen = true;
          return { [AGENT_ENV.id]: agentId, [AGENT_ENV.token]: r.reply.token, [AGENT_ENV.gateway]: r.reply.gatewayUrl };
        }
        // A gateway that answered before and is silent now is failing over (a NATS node lost, a restart): an agent
        // started meanwhile would run without its MCP tools and HTTP hook, so ask again for a while.
        const transient = r.error?.code === 'UNAVAILABLE' || r.error?.code === 'TIMEOUT';
        if (!gatewaySeen || !transient || Date.now() >= deadline) {
          log.warn({ agentId, err: r.error?.message, attempts: attempt }, 'no agent credential: the gateway did not mint one');
          return {};
        }
        log.warn({ agentId, err: r.error.message, attempt }, 'agent credential not minted yet; asking again');
        await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** (attempt - 1), 2000)));
      }
    },
    revoke(agentId) {
      gateway(agentCredentialRpcs.revoke, { agentId }).then(
        (r) => r.answered || log.warn({ agentId, err: r.error.message }, 'agent credential not revoked'),
        (err: Error) => log.warn({ agentId, err: err.message }, 'agent credential not revoked'),
      );
    },
  };
}
