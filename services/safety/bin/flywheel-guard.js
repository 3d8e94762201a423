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
  return [join(pkg, 'src'), join(root, 'services', 'dcg', 'src'), join(root, 'contracts', 'src')].every((dir) => newest(dir) <= built);
}

async function build() {
  const esbuild = await import('esbuild');
  mkdirSync(cache, { recursive: true });
  const tmp = join(cache, `build-${process.pid}`);
  // Split chunks: the service path never loads the engine, the local path never loads NATS.
  await esbuild.build({
    entryPoints: [join(pkg, 'src', 'cli', 'main.ts')],
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: tmp,
    outExtension: { '.js': '.js' },
    logLevel: 'silent',
    banner: { js: "import { createRequire as __flywheelRequire } from 'node:module'; const require = __flywheelRequire(import.meta.url);" },
  });
  // The hook's hot path as one small file of its own (code splitting would drag all of zod core into a shared chunk).
  await esbuild.build({
    entryPoints: [join(pkg, 'src', 'cli', 'hook-fast.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: join(tmp, 'hook-fast.js'),
    logLevel: 'silent',
  });
  const old = join(cache, `old-${process.pid}`);
  try {
    if (existsSync(join(cache, 'current'))) renameSync(join(cache, 'current'), old);
    renameSync(tmp, join(cache, 'current'));
  } catch (err) {
    // Another process swapped in its fresh build at the same moment: use that one.
    if (!existsSync(bundle)) throw err;
  }
  rmSync(old, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
}

function readStdin() {
  return new Promise((resolve) => {
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

let code;
try {
  if (!fresh()) await build();
  const argv = process.argv.slice(2);
  const opts = { bin: fileURLToPath(import.meta.url) };
  if (isHook) {
    opts.stdin = await readStdin();
    const { serviceHook } = await import(pathToFileURL(join(dirname(bundle), 'hook-fast.js')).href);
    const fast = await serviceHook(argv.slice(1), process.env, opts.stdin);
    if (fast.done) {
      if (fast.done.stdout) process.stdout.write(`${fast.done.stdout}\n`);
      if (fast.done.stderr) process.stderr.write(fast.done.stderr);
      process.exit(0);
    }
    opts.serviceTried = fast.fallback.serviceTried;
  }
  const { main } = await import(pathToFileURL(bundle).href);
  code = await main(argv, opts);
} catch (err) {
  process.stderr.write(`flywheel-guard: ${err?.message ?? err}\n`);
  // A guard that cannot start follows the fail mode too: closed prints a deny in the caller's format.
  if (isHook && process.env.GUARD_FAIL_MODE === 'closed') {
    const reason = `flywheel-guard could not start (${err?.message ?? err}); denied because the guard fails closed`;
    const gemini = process.argv.includes('gemini');
    process.stdout.write(
      `${JSON.stringify(gemini ? { decision: 'deny', reason } : { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason } })}\n`,
    );
  }
  code = isHook ? 0 : 2;
}
process.exit(isHook ? 0 : code);
