import { z } from 'zod';
import { AppError, newId, ProfileRotation, ProviderProfile, type NewProfile, type Provider } from '@flywheel/contracts';
import { ConfigError, watchKv, type KV, type KvEntry, type Logger } from '@flywheel/kit';
import { seal, unseal } from '../domain/profile-crypto.ts';
import { nextProfile, pickProfile } from '../domain/profile-choice.ts';

const Stored = ProviderProfile.extend({ sealedEnv: z.string() });
type Stored = z.infer<typeof Stored>;
const CHECK = 'check';
const CHECK_TEXT = 'flywheel provider profiles';

export interface ProfileEnv {
  profileId: string;
  provider: Provider;
  env: Record<string, string>;
}

const parse = <T>(schema: z.ZodType<T>, e: KvEntry): T | undefined => {
  try {
    const r = schema.safeParse(JSON.parse(e.string()));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Provider profiles (BYOA) in a KV bucket shared by every gateway: values sealed with AES-256-GCM under
 * FLYWHEEL_SECRETS_KEY, listed by variable name only, opened only to start an agent process.
 */
export class ProfileStore {
  private readonly profiles = new Map<string, Stored>();
  private readonly rotations = new Map<string, ProfileRotation>();
  private watcher?: { stop(): void };

  private constructor(
    private readonly kv: KV,
    private readonly key: Buffer | undefined,
    private readonly now: () => number,
  ) {}

  /** Refuses to start (ConfigError) when profiles exist and the key is missing or is not the one they were sealed with. */
  static async open(kv: KV, key: Buffer | undefined, logger: Logger, now: () => number = Date.now): Promise<ProfileStore> {
    const store = new ProfileStore(kv, key, now);
    store.watcher = await watchKv(kv, (e) => store.apply(e));
    const check = await kv.get(CHECK);
    if (check?.operation === 'PUT') {
      if (!key) throw new ConfigError(['FLYWHEEL_SECRETS_KEY'], 'FLYWHEEL_SECRETS_KEY is required: provider profiles exist and are encrypted with it');
      try {
        unseal(key, check.string());
      } catch {
        throw new ConfigError(['FLYWHEEL_SECRETS_KEY'], 'FLYWHEEL_SECRETS_KEY does not open the stored provider profiles (was it changed?)');
      }
    }
    logger.debug({ profiles: store.profiles.size }, 'provider profiles loaded');
    return store;
  }

  stop(): void {
    this.watcher?.stop();
  }

  private apply(e: KvEntry): void {
    const [kind, id] = [e.key.slice(0, 2), e.key.slice(2)];
    if (kind === 'p.') {
      const v = e.operation === 'PUT' ? parse(Stored, e) : undefined;
      if (v) this.profiles.set(id, v);
      else this.profiles.delete(id);
    } else if (kind === 'r.') {
      const v = e.operation === 'PUT' ? parse(ProfileRotation, e) : undefined;
      if (v) this.rotations.set(id, v);
    }
  }

  private view(s: Stored): ProviderProfile {
    const { sealedEnv: _sealed, ...shown } = s;
    return shown;
  }

  private async save(s: Stored): Promise<ProviderProfile> {
    await this.kv.put(`p.${s.id}`, JSON.stringify(s));
    this.profiles.set(s.id, s);
    return this.view(s);
  }

  private sealingKey(): Buffer {
    if (!this.key) throw new AppError('CONFLICT', 'provider profiles need FLYWHEEL_SECRETS_KEY set on the gateway to encrypt them');
    return this.key;
  }

  list(accountId?: string): ProviderProfile[] {
    return [...this.profiles.values()].filter((p) => !accountId || p.accountId === accountId).map((p) => this.view(p));
  }

  get(id: string): ProviderProfile | undefined {
    const s = this.profiles.get(id);
    return s && this.view(s);
  }

  async create(p: NewProfile & { accountId: string }, createdBy: string): Promise<ProviderProfile> {
    const key = this.sealingKey();
    await this.kv.create(CHECK, seal(key, CHECK_TEXT)).catch(() => undefined);
    return this.save({
      id: newId('prf'),
      accountId: p.accountId,
      provider: p.provider,
      name: p.name,
      envKeys: Object.keys(p.env).sort(),
      priority: p.priority,
      active: true,
      createdAt: new Date(this.now()).toISOString(),
      createdBy,
      sealedEnv: seal(key, JSON.stringify(p.env)),
    });
  }

  async update(id: string, patch: { active?: boolean; priority?: number; name?: string }): Promise<ProviderProfile> {
    const s = this.profiles.get(id);
    if (!s) throw new AppError('NOT_FOUND', `no profile ${id}`);
    return this.save({ ...s, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) });
  }

  async remove(id: string): Promise<void> {
    if (!this.profiles.has(id)) throw new AppError('NOT_FOUND', `no profile ${id}`);
    await this.kv.purge(`p.${id}`);
    this.profiles.delete(id);
  }

  private opened(s: Stored | undefined): ProfileEnv | null {
    if (!s || !this.key) return null;
    return { profileId: s.id, provider: s.provider, env: JSON.parse(unseal(this.key, s.sealedEnv)) as Record<string, string> };
  }

  private ofAccount(accountId: string): ProviderProfile[] {
    return [...this.profiles.values()].filter((p) => p.accountId === accountId);
  }

  /** The env of the profile an agent gets: the one asked for (if it is the account's), else the account's first usable one. */
  envFor(accountId: string, provider: Provider, profileId?: string): ProfileEnv | null {
    const asked = profileId ? this.profiles.get(profileId) : undefined;
    if (asked && asked.accountId === accountId) return this.opened(asked);
    const pick = pickProfile(this.ofAccount(accountId), provider, this.now());
    return this.opened(pick && this.profiles.get(pick.id));
  }

  /** A rate limit on `fromProfileId`: it cools for `coolForS`, the next usable profile is returned, and the switch is recorded. */
  async rotate(r: {
    accountId: string;
    agentId: string;
    provider: Provider;
    fromProfileId?: string;
    reason: string;
    coolForS: number;
  }): Promise<ProfileEnv | null> {
    const from = r.fromProfileId ? this.profiles.get(r.fromProfileId) : undefined;
    if (from && from.accountId === r.accountId) await this.save({ ...from, coolingUntil: new Date(this.now() + r.coolForS * 1000).toISOString() });
    const next = nextProfile(this.ofAccount(r.accountId), r.provider, from?.id, this.now());
    const rec: ProfileRotation = {
      id: newId('rot'),
      accountId: r.accountId,
      agentId: r.agentId,
      provider: r.provider,
      reason: r.reason,
      at: new Date(this.now()).toISOString(),
      ...(from ? { fromProfileId: from.id } : {}),
      ...(next ? { toProfileId: next.id } : {}),
    };
    await this.kv.put(`r.${rec.id}`, JSON.stringify(rec));
    this.rotations.set(rec.id, rec);
    return this.opened(next && this.profiles.get(next.id));
  }

  rotationsOf(accountId?: string): ProfileRotation[] {
    return [...this.rotations.values()].filter((r) => !accountId || r.accountId === accountId).sort((a, b) => b.at.localeCompare(a.at));
  }
}
