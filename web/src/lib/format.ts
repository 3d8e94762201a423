export const usd = (micros: number): string => `$${(micros / 1e6).toFixed(micros >= 1e8 ? 0 : 2)}`;
export const usdN = (n: number): string => `$${n.toFixed(n >= 100 ? 0 : 2)}`;

export function ago(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const s = Math.round((now - Date.parse(iso)) / 1000);
  if (s < 0) return `in ${until(iso, now)}`;
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

export function until(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((Date.parse(iso) - now) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

export const stateClass = (s: string): string =>
  ({ ready: 'ok', executing: 'ok', spawning: 'warn', initializing: 'warn', paused: 'warn', terminating: 'warn', unknown: 'bad', failed: 'bad' })[s] ?? '';

export const startOfDayIso = (d = new Date()): string => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())).toISOString();

export const json = (v: unknown): string => {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v, null, 2);
  } catch {
    return String(v);
  }
};
