// Generates drizzle-kit migrations for every service (or the ones named): npm run db:generate -- cost
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const all = ['agent-runner', 'cost', 'safety', 'coordination', 'ws-hub', 'gateway-api'];
const names = process.argv.slice(2).length ? process.argv.slice(2) : all;
for (const name of names) {
  const cwd = `services/${name}`;
  if (!existsSync(`${cwd}/drizzle.config.ts`)) continue;
  const r = spawnSync('npx', ['drizzle-kit', 'generate', '--config', 'drizzle.config.ts'], { cwd, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
