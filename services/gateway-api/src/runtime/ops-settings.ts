import { z } from 'zod';
import { AlertRuleConfig, AlertRuleId, NotificationEndpoint, NotificationPrefs, type AlertRuleView } from '@flywheel/contracts';
import { watchKv, type KV, type KvEntry, type Logger } from '@flywheel/kit';
import { ruleView } from '../domain/alert-rules.ts';

const StoredEndpoint = NotificationEndpoint.extend({ secret: z.string().optional() });
export type StoredEndpoint = z.infer<typeof StoredEndpoint>;
const StoredPrefs = NotificationPrefs.extend({ accountId: z.string() });
const StoredRule = AlertRuleConfig.partial();

const RULE = 'rule.';
const PREFS = 'prefs.';
const ENDPOINT = 'endpoint.';
const keyOfAccount = (accountId: string) => `${PREFS}${Buffer.from(accountId).toString('base64url')}`;

function parse<S extends z.ZodType>(schema: S, e: KvEntry): z.infer<S> | undefined {
  try {
    const r = schema.safeParse(JSON.parse(e.string()));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Alert rule settings, notification preferences and endpoints (with their signing secrets) in the `ops` KV
 * bucket that every gateway instance follows: a change made on one instance holds on all of them.
 */
export async function openOpsSettings(kv: KV, logger: Logger) {
  const log = logger.child({ mod: 'ops-settings' });
  const rules = new Map<AlertRuleId, Partial<AlertRuleConfig>>();
  const prefs = new Map<string, NotificationPrefs>();
  const endpoints = new Map<string, StoredEndpoint>();
  const apply = (e: KvEntry) => {
    const gone = e.operation !== 'PUT';
    if (e.key.startsWith(ENDPOINT)) {
      const id = e.key.slice(ENDPOINT.length);
      const v = gone ? undefined : parse(StoredEndpoint, e);
      return void (v ? endpoints.set(id, v) : endpoints.delete(id));
    }
    if (e.key.startsWith(PREFS)) {
      const v = gone ? undefined : parse(StoredPrefs, e);
      if (v) prefs.set(v.accountId, NotificationPrefs.parse(v));
      else if (gone) prefs.delete(Buffer.from(e.key.slice(PREFS.length), 'base64url').toString());
      return;
    }
    if (e.key.startsWith(RULE)) {
      const id = AlertRuleId.safeParse(e.key.slice(RULE.length));
      const v = gone ? undefined : parse(StoredRule, e);
      if (!id.success) return;
      return void (v ? rules.set(id.data, v) : rules.delete(id.data));
    }
  };
  const watcher = await watchKv(kv, (e) => {
    try {
      apply(e);
    } catch (err) {
      log.warn({ key: e.key, err: (err as Error).message }, 'ignoring a malformed ops setting');
    }
  });
  return {
    stop: () => watcher.stop(),
    rule: (id: AlertRuleId): AlertRuleView => ruleView(id, rules.get(id)),
    rules: (): AlertRuleView[] => AlertRuleId.options.map((id) => ruleView(id, rules.get(id))),
    async setRule(id: AlertRuleId, patch: Partial<AlertRuleConfig>): Promise<AlertRuleView> {
      const next = { ...rules.get(id), ...patch, id };
      await kv.put(`${RULE}${id}`, JSON.stringify(next));
      rules.set(id, next);
      return ruleView(id, next);
    },
    prefs: (accountId: string): NotificationPrefs => prefs.get(accountId) ?? NotificationPrefs.parse({}),
    async setPrefs(accountId: string, p: NotificationPrefs): Promise<NotificationPrefs> {
      await kv.put(keyOfAccount(accountId), JSON.stringify({ ...p, accountId }));
      prefs.set(accountId, p);
      return p;
    },
    endpoint: (id: string): StoredEndpoint | undefined => endpoints.get(id),
    endpoints: (accountId?: string): StoredEndpoint[] =>
      [...endpoints.values()].filter((e) => accountId === undefined || e.accountId === accountId).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    async putEndpoint(e: StoredEndpoint): Promise<void> {
      await kv.put(`${ENDPOINT}${e.id}`, JSON.stringify(e));
      endpoints.set(e.id, e);
    },
    async deleteEndpoint(id: string): Promise<void> {
      await kv.delete(`${ENDPOINT}${id}`);
      endpoints.delete(id);
    },
  };
}
export type OpsSettings = Awaited<ReturnType<typeof openOpsSettings>>;
