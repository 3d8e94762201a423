import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Builds web/ when its dist is missing (or FORCE_WEB_BUILD=1); the gateway serves it at /. */
export function ensureWebBuilt(webDist: string, log: (m: string) => void): void {
  if (existsSync(join(webDist, 'index.html')) && !process.env.FORCE_WEB_BUILD) return;
  log('building the dashboard (web/) ...');
  const r = spawnSync('npm', ['run', 'build', '-w', 'web'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('web build failed');
}
