import type { QuietHours } from '@flywheel/contracts';

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The wall-clock minute of the day at `at` in a time zone. */
export function localMinute(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/** Inside [from, to) local time; a range past midnight (22:00–07:00) wraps; from = to is never quiet. */
export function inQuietHours(q: QuietHours | null, at: Date): boolean {
  if (!q) return false;
  const from = minutes(q.from);
  const to = minutes(q.to);
  if (from === to) return false;
  const t = localMinute(at, q.timeZone);
  return from < to ? t >= from && t < to : t >= from || t < to;
}
