import { agentRpcs } from '@flywheel/contracts';
import type { RpcCall } from '@flywheel/kit';

const MAX = 10_000;

/** agent → owning account, learnt from state events, else asked of the runners (an internal call sees every agent). */
export function createAgentOwners(runners: RpcCall) {
  const owners = new Map<string, string>();
  const learn = (agentId: string, accountId: string) => {
    if (owners.size >= MAX) owners.delete(owners.keys().next().value!);
    owners.set(agentId, accountId);
  };
  return {
    learn,
    async of(agentId: string | undefined): Promise<string | undefined> {
      if (!agentId) return undefined;
      const known = owners.get(agentId);
      if (known) return known;
      const info = await runners(agentRpcs.get, { agentId }, { timeoutMs: 1000 }).catch(() => undefined);
      if (info?.accountId) learn(agentId, info.accountId);
      return info?.accountId;
    },
  };
}
export type AgentOwners = ReturnType<typeof createAgentOwners>;
