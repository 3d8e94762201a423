/** Paths a shell command would write, found with the guard's own parser (for file reservations). */
import type { Redirect, Segment, Word } from './shell-types.ts';
import { parseCommand } from './parse.ts';
import { gitCall, type GitCall } from './git-args.ts';
import { shortCluster, takesNext, type OptionSpec } from './options.ts';
import { fileArgs as sedFiles } from './write-sed.ts';

/** One path a command writes, and what writes it (`>`, `tee`, `sed -i`, `mv`, `cp`, `rm`, `git checkout`, `git restore`). */
export interface WriteTarget {
  path: string;
  via: string;
}

const WRITE_REDIRECTS = new Set(['>', '>>', '>|', '&>', '&>>', '<>']);

/** A path we can name: not a variable, substitution, stdout or device. */
const literal = (p: string): boolean => p !== '' && p !== '-' && p !== '{}' && !/[$`]/.test(p) && !p.startsWith('/dev/');

function redirectTarget(r: Redirect): Word | undefined {
  if (!r.target) return undefined;
  if (WRITE_REDIRECTS.has(r.op)) return r.target;
  // `>&2` duplicates a descriptor; `>& file` writes the file (bash reads it as `&>`).
  return r.op === '>&' && !/^(\d+|-)$/.test(r.target.value) ? r.target : undefined;
}

/** Positional words, getopt-style (options may follow operands; `--` ends them). */
function positionals(args: readonly Word[], spec: OptionSpec): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') return [...out, ...args.slice(i + 1)];
    if (v.length < 2 || v[0] !== '-') out.push(args[i]);
    else if (v[1] === '-') i += !v.includes('=') && spec.longValue?.includes(v.slice(2)) ? 1 : 0;
    else i += takesNext(v, spec.value) ? 1 : 0;
  }
  return out;
}

/** `-t DIR`, `-tDIR`, `-vt DIR`, `--target-directory=DIR` or `--target-directory DIR`. */
function targetDir(args: readonly Word[]): Word | undefined {
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') return undefined;
    if (v === '--target-directory') return args[i + 1];
    if (v.startsWith('--target-directory=')) return { ...args[i], value: v.slice('--target-directory='.length) };
    if (v.startsWith('--') || v[0] !== '-') continue;
    const cluster = shortCluster(v, 'tS');
    const rest = v.slice(1 + cluster.length);
    if (cluster.endsWith('t')) return rest ? { ...args[i], value: rest } : args[i + 1];
    if (cluster.endsWith('S') && !rest) i++;
  }
  return undefined;
}

const basename = (p: string) => p.replace(/\/+$/, '').split('/').pop() ?? p;
const inDir = (dir: string, src: string) => `${dir.replace(/\/+$/, '')}/${basename(src)}`;

const MV_CP: OptionSpec = { value: 'tS', longValue: ['target-directory', 'suffix'] };

/** mv writes its sources (they go) and its destination; cp only the destination. */
function moveOrCopy(args: readonly Word[], moves: boolean): string[] {
  const dir = targetDir(args);
  const pos = positionals(args, MV_CP).map((w) => w.value);
  if (dir) return [...(moves ? pos : []), dir.value, ...pos.map((s) => inDir(dir.value, s))];
  if (pos.length < 2) return moves ? pos : [];
  const dest = pos[pos.length - 1];
  const sources = pos.slice(0, -1);
  // A destination directory receives each source under its own name; a plain file is written as named.
  const into = sources.map((s) => inDir(dest, s));
  const named = pos.length === 2 && !dest.endsWith('/') ? [dest] : [];
  return [...(moves ? sources : []), ...named, ...into];
}

const TEE: OptionSpec = { value: '' };
const RM: OptionSpec = { value: '' };
const RESTORE: OptionSpec = { value: 's', longValue: ['source', 'pathspec-from-file'] };

function gitWrites(call: GitCall): string[] {
  const sub = call.sub.value;
  if (sub === 'checkout') {
    const dashes = call.rest.findIndex((w) => w.value === '--');
    if (dashes >= 0) return call.rest.slice(dashes + 1).map((w) => w.value);
    const pos = positionals(call.rest, { value: 'bB', longValue: ['orphan'] }).map((w) => w.value);
    // `git checkout <tree-ish> <path>…` restores paths; a lone word is a branch unless it is `.`.
    return pos.length >= 2 ? pos.slice(1) : pos.filter((p) => p === '.');
  }
  if (sub === 'restore') {
    const values = call.rest.map((w) => w.value);
    const indexOnly =
      values.some((v) => v === '--staged' || (/^-[a-zA-Z]+$/.test(v) && v.includes('S'))) &&
      !values.some((v) => v === '--worktree' || (/^-[a-zA-Z]+$/.test(v) && v.includes('W')));
    return indexOnly ? [] : positionals(call.rest, RESTORE).map((w) => w.value);
  }
  return [];
}

function segmentWrites(seg: Segment): WriteTarget[] {
  const out: WriteTarget[] = [];
  for (const r of seg.redirects) {
    const t = redirectTarget(r);
    if (t) out.push({ path: t.value, via: r.op });
  }
  const words = (paths: string[], via: string) => paths.forEach((path) => out.push({ path, via }));
  const values = (ws: Word[]) => ws.map((w) => w.value);
  const args = seg.args;
  switch (seg.cmd) {
    case 'tee':
      words(values(positionals(args, TEE)), 'tee');
      break;
    case 'sed':
      words(values(sedFiles(args)), 'sed -i');
      break;
    case 'mv':
      words(moveOrCopy(args, true), 'mv');
      break;
    case 'cp':
      words(moveOrCopy(args, false), 'cp');
      break;
    case 'rm':
      words(values(positionals(args, RM)), 'rm');
      break;
    case 'git': {
      const call = gitCall(args);
      if (call) words(gitWrites(call), `git ${call.sub.value}`);
      break;
    }
  }
  return out.filter((t) => literal(t.path));
}

/**
 * Every path `command` would write, as written in it (relative to the command's working directory),
 * including commands nested in `bash -c`, substitutions and `find -exec`. Variables and substitutions are
 * skipped (their value is unknown here); globs are kept as written (the shell expands them).
 */
export function writeTargets(command: string): WriteTarget[] {
  const seen = new Set<string>();
  const out: WriteTarget[] = [];
  for (const seg of parseCommand(command).segments) {
    for (const t of segmentWrites(seg)) {
      if (seen.has(t.path)) continue;
      seen.add(t.path);
      out.push(t);
    }
  }
  return out;
}
