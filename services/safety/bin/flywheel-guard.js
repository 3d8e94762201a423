#!/usr/bin/env node
// flywheel-guard: runs src/cli/main.ts from a bundle cached in node_modules/.cache, rebuilt when a
// source is newer, so a hook call costs one plain node start instead of a TypeScript compile.
// Hook mode always exits 0: Claude Code treats any other code except 2 as "allow" anyway, and a
// crash must follow the fail mode the CLI decides, not an accident of exit codes.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(pkg, '..', '..');
const cache = join(root, 'node_modules', '.cache', 'flywheel-guard');
const bundle = join(cache, 'current', 'main.js');
const isHook = process.argv[2] === 'hook';

function newest(dir) {
  let max = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) max = Math.max(max, newest(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) max = Math.max(max, statSync(p).mtimeMs);
  }
  return max;
}

function fresh() {
  if (!existsSync(bundle)) return false;
  const built = statSync(bundle).mtimeMs;
  return newest(join(pkg, 'src')) <= built && newest(join(root, 'contracts', 'src')) <= built;
}

async function build() {
  const esbuild = await import('esbuild');
  mkdirSync(cache, { recursive: true });
  const tmp = join(cache, `build-${process.pid}`);
  // Split chunks: the service path never loads the engine, the local path never loads NATS.
  await esbuild.build({
    entryPoints: [join(pkg, 'src', 'cli', 'main.ts')], bundle: true, splitting: true, platform: 'node', format: 'esm', target: 'node20', outdir: tmp,
    outExtension: { '.js': '.js' }, logLevel: 'silent',
    banner: { js: "import { createRequire as __flywheelRequire } from 'node:module'; const require = __flywheelRequire(import.meta.url);" },
  });
  const old = join(cache, `old-${process.pid}`);
  if (existsSync(join(cache, 'current'))) renameSync(join(cache, 'current'), old);
  renameSync(tmp, join(cache, 'current'));
  rmSync(old, { recursive: true, force: true });
}

let code;
try {
  if (!fresh()) await build();
  const { main } = await import(pathToFileURL(bundle).href);
  code = await main(process.argv.slice(2), { bin: fileURLToPath(import.meta.url) });
} catch (err) {
  process.stderr.write(`flywheel-guard: ${err?.message ?? err}\n`);
  code = isHook ? 0 : 2;
}
process.exit(isHook ? 0 : code);
