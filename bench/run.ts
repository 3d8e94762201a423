// `npm run bench`: runs every bench/*.bench.ts and services/*/bench/*.bench.ts (or the ones whose name contains an
// argument) one after another, each in its own process. A service's bench/ measures its internals; bench/ the whole.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const wanted = process.argv.slice(2);
const dirs = [
  'bench',
  ...readdirSync('services')
    .map((s) => join('services', s, 'bench'))
    .filter((d) => existsSync(d)),
];
const files = dirs
  .flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.bench.ts'))
      .map((f) => join(d, f)),
  )
  .filter((f) => wanted.length === 0 || wanted.some((w) => basename(f).includes(w)))
  .sort((a, b) => basename(a).localeCompare(basename(b)));
let failed = 0;
for (const f of files) {
  process.stdout.write(`\n## ${basename(f)}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', f], { stdio: 'inherit', env: { ...process.env, LOG_LEVEL: 'silent' } });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
