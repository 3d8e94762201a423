import type { OwnerLookup } from './access.ts';

/** agent → account, learnt from the `accountId` in an agent's state events or the x-account-id header of its events. */
export class OwnerMap implements OwnerLookup {
  protected readonly map = new Map<string, string>();

  ownerOf(agentId: string): string | undefined {
    return this.map.get(agentId);
  }

  get size(): number {
    return this.map.size;
  }

  learn(agentId: string | undefined, value: unknown, header: string | undefined): void {
    if (!agentId) return;
    const acct = (value as { accountId?: unknown }).accountId;
    const owner = typeof acct === 'string' && acct.length > 0 && acct.length <= 100 ? acct : header;
    if (owner) this.map.set(agentId, owner);
  }
}
