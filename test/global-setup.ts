import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time under a directory (files only). */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (!e.name.endsWith('.test.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** True when web/dist is missing or older than the dashboard's sources (browser tests must see the current UI). */
function stale(): boolean {
  const index = 'web/dist/index.html';
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = Math.max(newest('web/src'), newest('web/public'), statSync('web/index.html').mtimeMs, statSync('web/vite.config.ts').mtimeMs);
  return sources > built;
}

/** Builds the dashboard once before any test needs it, so no two tests race to build it. */
export default function setup(): void {
  if (!stale()) return;
  // A production build even under vitest (which sets NODE_ENV=test): Vite's import.meta.env.PROD follows NODE_ENV, and
  // a non-production bundle has Vue's dev checks and never registers the service worker.
  const r = spawnSync('npm', ['run', 'build', '-w', 'web'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error('web build failed');
}
