import { AppError, newId, type ApiKeyInfo, type CreatedApiKey, type Principal, type Role } from '@flywheel/contracts';
import { watchKv, type KV, type KvEntry, type Logger } from '@flywheel/kit';
import { AGENT_KEY_PREFIX, API_KEY_PREFIX, ApiKeyRecord, hashKey, keyStatus, newSecret, principalOf, sameHash, toKeyInfo } from '../domain/api-key.ts';

const RECORD = 'key.';
const USED = 'used.';
// Last-used times are written at most this often per key, so a busy key is not a KV write per request.
const TOUCH_EVERY_MS = 60_000;
export const HASH_CACHE_SIZE = 1024;

export interface NewKey {
  accountId: string;
  role: Role;
  name?: string;
  expiresAt?: string;
  createdBy?: string;
  /** Given secret and id (FLYWHEEL_ADMIN_KEY, migrated keys); generated otherwise. */
  key?: string;
  id?: string;
  keyHash?: string;
  createdAt?: string;
}

/**
 * API keys and agent credentials in a JetStream KV bucket every gateway instance follows: a key made,
 * rotated or revoked on one instance holds on all of them at once. Verification reads the local copy.
 */
export class KeyStore {
  private readonly records = new Map<string, ApiKeyRecord>();
  private readonly byHash = new Map<string, string>();
  private readonly used = new Map<string, string>();
  private readonly touched = new Map<string, number>();
  /** SHA-256 of recently verified active keys, so a busy key is not hashed on every request (the record is still checked every time). */
  private readonly hashes = new Map<string, string>();
  private watcher?: { stop(): void };

  private constructor(
    private readonly kv: KV,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  static async open(kv: KV, logger: Logger, now: () => number = Date.now): Promise<KeyStore> {
    const store = new KeyStore(kv, logger.child({ mod: 'keys' }), now);
    store.watcher = await watchKv(kv, (e) => store.apply(e));
    return store;
  }

  stop(): void {
    this.watcher?.stop();
  }

  private apply(e: KvEntry): void {
    const gone = e.operation !== 'PUT';
    if (e.key.startsWith(USED)) {
      if (gone) this.used.delete(e.key.slice(USED.length));
      else this.used.set(e.key.slice(USED.length), e.string());
      return;
    }
    if (!e.key.startsWith(RECORD)) return;
    const id = e.key.slice(RECORD.length);
    if (gone) return void this.forget(id);
    const parsed = ApiKeyRecord.safeParse(safeJson(e.string()));
    if (!parsed.success) return void this.logger.warn({ key: e.key }, 'ignoring a malformed key record');
    this.remember(parsed.data);
  }

  private remember(r: ApiKeyRecord): void {
    this.records.set(r.id, r);
    this.byHash.set(r.keyHash, r.id);
  }

  private forget(id: string): void {
    const r = this.records.get(id);
    if (r) this.byHash.delete(r.keyHash);
    this.records.delete(id);
  }

  private async save(r: ApiKeyRecord): Promise<void> {
    await this.kv.put(`${RECORD}${r.id}`, JSON.stringify(r));
    this.remember(r);
  }

  async create(k: NewKey, kind: 'user' | 'agent' = 'user', agentId?: string, isolationRoot?: string): Promise<CreatedApiKey> {
    const key = k.key ?? newSecret(kind === 'agent' ? AGENT_KEY_PREFIX : API_KEY_PREFIX);
    const record: ApiKeyRecord = {
      id: k.id ?? newId(kind === 'agent' ? 'agc' : 'key'),
      kind,
      keyHash: k.keyHash ?? hashKey(key),
      accountId: k.accountId,
      role: k.role,
      createdAt: k.createdAt ?? new Date(this.now()).toISOString(),
      ...(k.name ? { name: k.name } : {}),
      ...(agentId ? { agentId } : {}),
      ...(isolationRoot ? { isolationRoot } : {}),
      ...(k.createdBy ? { createdBy: k.createdBy } : {}),
      ...(k.expiresAt ? { expiresAt: k.expiresAt } : {}),
    };
    await this.save(record);
    return { ...toKeyInfo(record, this.now()), key };
  }

  /**
   * The principal of an active key, or undefined. The hash is compared in constant time, and the record's
   * status (revoked, expired) is read on every call; only the SHA-256 of a key is memoised.
   */
  verify(key: string): Principal | undefined {
    const memo = this.hashes.get(key);
    const hash = memo ?? hashKey(key);
    const id = this.byHash.get(hash);
    const r = id ? this.records.get(id) : undefined;
    if (!r || !sameHash(r.keyHash, hash) || keyStatus(r, this.now()) !== 'active') {
      if (memo !== undefined) this.hashes.delete(key);
      return undefined;
    }
    if (memo === undefined) this.memoise(key, hash);
    this.touch(r.id);
    return principalOf(r);
  }

  /**
   * Remembers the hash of a key that verified, so a busy key is not hashed on every request. Only active keys
   * are kept (a made-up key, however long, is hashed each time and never held; a refused one is dropped), at
   * most HASH_CACHE_SIZE of them, oldest first out.
   */
  private memoise(key: string, hash: string): void {
    if (this.hashes.size >= HASH_CACHE_SIZE) this.hashes.delete(this.hashes.keys().next().value!);
    this.hashes.set(key, hash);
  }

  /** How many key hashes are memoised (for tests: the memo holds active keys only, and is bounded). */
  get memoisedHashes(): number {
    return this.hashes.size;
  }

  isActive(id: string): boolean {
    const r = this.records.get(id);
    return !!r && keyStatus(r, this.now()) === 'active';
  }

  hasActiveAdmin(): boolean {
    return [...this.records.values()].some((r) => r.kind === 'user' && r.role === 'admin' && keyStatus(r, this.now()) === 'active');
  }

  get(id: string): ApiKeyRecord | undefined {
    return this.records.get(id);
  }

  info(id: string): ApiKeyInfo | undefined {
    const r = this.records.get(id);
    return r && toKeyInfo(r, this.now(), this.used.get(id));
  }

  list(q: { accountId?: string; kind?: 'user' | 'agent'; status?: ApiKeyInfo['status'] } = {}): ApiKeyInfo[] {
    return [...this.records.values()]
      .map((r) => toKeyInfo(r, this.now(), this.used.get(r.id)))
      .filter((k) => (!q.accountId || k.accountId === q.accountId) && (!q.kind || k.kind === q.kind) && (!q.status || k.status === q.status))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async revoke(id: string): Promise<ApiKeyInfo> {
    const r = this.records.get(id);
    if (!r) throw new AppError('NOT_FOUND', `no API key ${id}`);
    if (!r.revokedAt) await this.save({ ...r, revokedAt: new Date(this.now()).toISOString() });
    return this.info(id)!;
  }

  /** A new secret for the same account, role and name; the old key is revoked. */
  async rotate(id: string, by?: string): Promise<CreatedApiKey> {
    const r = this.records.get(id);
    if (!r) throw new AppError('NOT_FOUND', `no API key ${id}`);
    if (r.kind !== 'user') throw new AppError('CONFLICT', 'agent credentials are minted at spawn and cannot be rotated');
    if (keyStatus(r, this.now()) !== 'active') throw new AppError('CONFLICT', `key ${id} is ${keyStatus(r, this.now())}`);
    const created = await this.create({ accountId: r.accountId, role: r.role, name: r.name, expiresAt: r.expiresAt, createdBy: by });
    await this.revoke(id);
    return created;
  }

  /** Revokes every active user key whose id starts with `prefix` except `keepId` (a replaced FLYWHEEL_ADMIN_KEY). */
  async revokeOthers(prefix: string, keepId: string): Promise<void> {
    for (const r of this.records.values()) if (r.id.startsWith(prefix) && r.id !== keepId && !r.revokedAt) await this.revoke(r.id);
  }

  /** A credential that can act only as this agent; one per agent (a new one replaces the old). */
  async mintAgent(agentId: string, accountId: string, isolationRoot?: string): Promise<CreatedApiKey> {
    await this.revokeAgent(agentId);
    return this.create({ accountId, role: 'operator', id: newId('agc') }, 'agent', agentId, isolationRoot);
  }

  async revokeAgent(agentId: string): Promise<number> {
    const live = [...this.records.values()].filter((r) => r.kind === 'agent' && r.agentId === agentId && !r.revokedAt);
    for (const r of live) await this.revoke(r.id);
    return live.length;
  }

  private touch(id: string): void {
    const now = this.now();
    if (now - (this.touched.get(id) ?? 0) < TOUCH_EVERY_MS) return;
    this.touched.set(id, now);
    const at = new Date(now).toISOString();
    this.used.set(id, at);
    this.kv.put(`${USED}${id}`, at).catch((err: Error) => this.logger.warn({ err: err.message, id }, 'could not record last use'));
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
