import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Builds the dashboard once before any test needs it, so no two tests race to build it. */
export default function setup(): void {
  if (existsSync('web/dist/index.html')) return;
  const r = spawnSync('npm', ['run', 'build', '-w', 'web'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('web build failed');
}
