import type { Provider, ProviderProfile } from '@flywheel/contracts';

const usable = (p: ProviderProfile, provider: Provider, now: number) =>
  p.provider === provider && p.active && (!p.coolingUntil || Date.parse(p.coolingUntil) <= now);

const order = (a: ProviderProfile, b: ProviderProfile) => a.priority - b.priority || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/** The profile an agent of this account gets: the first usable one of the provider by priority. */
export function pickProfile(all: ProviderProfile[], provider: Provider, now: number): ProviderProfile | undefined {
  return all.filter((p) => usable(p, provider, now)).sort(order)[0];
}

/** After a rate limit on `fromId`: the next usable profile in order, wrapping around, never `fromId` itself. */
export function nextProfile(all: ProviderProfile[], provider: Provider, fromId: string | undefined, now: number): ProviderProfile | undefined {
  const ring = all.filter((p) => p.provider === provider).sort(order);
  const start = ring.findIndex((p) => p.id === fromId);
  for (let i = 1; i <= ring.length; i++) {
    const p = ring[(start + i) % ring.length];
    if (p.id !== fromId && usable(p, provider, now)) return p;
  }
  return undefined;
}
