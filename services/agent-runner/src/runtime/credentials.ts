import { agentCredentialRpcs } from '@flywheel/contracts';
import { rpcClient, type Logger, type NatsConnection, type Registry } from '@flywheel/kit';

import { AGENT_ENV } from '../domain/agent-env.ts';

export { AGENT_ENV };

export interface AgentCredentials {
  /** Env for one agent process; empty (logged) when the gateway cannot mint one: the agent runs without MCP and HTTP hooks. */
  envFor(agentId: string, accountId: string | undefined, isolationRoot?: string): Promise<Record<string, string>>;
  /** Ends the agent's credential (terminate, failure); retried by nobody, so a gateway outage leaves it until the next mint. */
  revoke(agentId: string): void;
}

/** Asks the gateway to mint and revoke per-agent credentials (svc.gateway-api.agent-credentials.*). */
export function createAgentCredentials(o: { nc: NatsConnection; logger: Logger; registry?: Registry }): AgentCredentials {
  const log = o.logger.child({ mod: 'credentials' });
  const gateway = rpcClient(o.nc, 'gateway-api', { failMode: 'open', timeoutMs: 2000, registry: o.registry });
  return {
    async envFor(agentId, accountId, isolationRoot): Promise<Record<string, string>> {
      const r = await gateway(agentCredentialRpcs.mint, { agentId, accountId, ...(isolationRoot ? { isolationRoot } : {}) }).catch((err: Error) => ({
        answered: false as const,
        error: err,
      }));
      if (!r.answered) {
        log.warn({ agentId, err: r.error.message }, 'no agent credential: the gateway did not mint one');
        return {};
      }
      return { [AGENT_ENV.id]: agentId, [AGENT_ENV.token]: r.reply.token, [AGENT_ENV.gateway]: r.reply.gatewayUrl };
    },
    revoke(agentId) {
      gateway(agentCredentialRpcs.revoke, { agentId }).then(
        (r) => r.answered || log.warn({ agentId, err: r.error.message }, 'agent credential not revoked'),
        (err: Error) => log.warn({ agentId, err: err.message }, 'agent credential not revoked'),
      );
    },
  };
}
