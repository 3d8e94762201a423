import { UsageLimitSettings } from '@flywheel/contracts';
import { openKv, watchKv, type KV, type KvEntry, type Logger, type NatsConnection } from '@flywheel/kit';

export interface UsageSettingsDefaults {
  autoResume: boolean;
  rotateProfiles: boolean;
}

/**
 * Projects' usage-limit settings (auto-resume, profile rotation), fleet-wide in the `agent_runner_usage` KV bucket:
 * every runner watches it, so a setting made through any runner holds on all of them and survives their restarts.
 */
export async function openUsageSettings(o: { nc: NatsConnection; logger: Logger; defaults: UsageSettingsDefaults; replicas?: number }) {
  let listener: ((projectId: string) => void) | undefined;
  const kv: KV = await openKv(o.nc, 'agent_runner_usage', { replicas: o.replicas });
  const stored = new Map<string, UsageLimitSettings>();
  const apply = (e: KvEntry) => {
    const projectId = e.key.replace(/^p\./, '');
    if (e.operation !== 'PUT') stored.delete(projectId);
    else {
      try {
        const v = UsageLimitSettings.safeParse(JSON.parse(e.string()));
        if (v.success) stored.set(projectId, v.data);
      } catch {
        o.logger.warn({ key: e.key }, 'unreadable usage-limit setting ignored');
      }
    }
    listener?.(projectId);
  };
  const watcher = await watchKv(kv, apply);
  const get = (projectId: string): UsageLimitSettings => stored.get(projectId) ?? { projectId, ...o.defaults };
  return {
    get,
    async put(projectId: string, patch: { autoResume?: boolean; rotateProfiles?: boolean }, actor?: string): Promise<UsageLimitSettings> {
      const cur = get(projectId);
      const next: UsageLimitSettings = {
        projectId,
        autoResume: patch.autoResume ?? cur.autoResume,
        rotateProfiles: patch.rotateProfiles ?? cur.rotateProfiles,
        updatedAt: new Date().toISOString(),
        ...(actor ? { updatedBy: actor } : {}),
      };
      await kv.put(`p.${projectId}`, JSON.stringify(next));
      stored.set(projectId, next);
      return next;
    },
    /** Hears each project whose settings changed, on any runner. */
    onChange(fn: (projectId: string) => void): void {
      listener = fn;
    },
    stop: () => watcher.stop(),
  };
}
export type UsageSettings = Awaited<ReturnType<typeof openUsageSettings>>;
