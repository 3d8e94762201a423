/**
 * Whether a notification may go to `url`: with no allowlist any http(s) host may; otherwise the host (or
 * `host:port`) must be listed, or match a `*.example.com` entry.
 */
export function hostAllowed(url: string, allowlist: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  if (u.username || u.password) return false;
  if (allowlist.length === 0) return true;
  const host = u.hostname.toLowerCase();
  return allowlist.some((entry) => {
    const e = entry.toLowerCase();
    if (e.startsWith('*.')) return host.endsWith(e.slice(1));
    return e === host || e === u.host.toLowerCase();
  });
}
