/** Argument-level matchers for rm and find in the core.filesystem pack. */
import type { Segment, Word } from '../shell-types.ts';
import { isRootish, isTempPath, resolveTarget } from '../paths.ts';
import { hitThrough, memo, type EvalEnv, type RuleTest } from '../rule-types.ts';

interface RmArgs {
  recursive: boolean;
  force: boolean;
  targets: Word[];
}

const RM_LONG = ['dir', 'interactive', 'one-file-system', 'no-preserve-root', 'preserve-root', 'verbose', 'help', 'version'];

function applyShort(a: RmArgs, chars: string): void {
  if (/[rR]/.test(chars)) a.recursive = true;
  if (chars.includes('f')) a.force = true;
}

function applyLong(a: RmArgs, name: string): void {
  if (!name) return;
  if ('recursive'.startsWith(name)) a.recursive = true;
  else if ('force'.startsWith(name)) a.force = true;
  // `rm —rf` folds to `--rf`: an unknown all-letter long option is read as a cluster.
  else if (/^[a-z]+$/i.test(name) && !RM_LONG.some((k) => k.startsWith(name))) applyShort(a, name);
}

function rmArgs(args: Word[]): RmArgs {
  const a: RmArgs = { recursive: false, force: false, targets: [] };
  let options = true;
  for (const w of args) {
    const v = w.value;
    if (!options || v.length < 2 || v[0] !== '-') a.targets.push(w);
    else if (v === '--') options = false;
    else if (v[1] === '-') applyLong(a, v.slice(2).split('=')[0]);
    else applyShort(a, v.slice(1));
  }
  return a;
}

const isTemp = (w: Word, env: EvalEnv): boolean => isTempPath(resolveTarget(w.value, env.cwd), env.tmpPrefixes);

function recursiveForce(seg: Segment): RmArgs | undefined {
  if (seg.cmd !== 'rm') return undefined;
  const a = memo(seg, 'rm', () => rmArgs(seg.args));
  return a.recursive && a.force ? a : undefined;
}

export const rmRecursiveRoot: RuleTest = (seg, env) => {
  const target = recursiveForce(seg)?.targets.find((t) => isRootish(t.value) && !isTemp(t, env));
  return target ? hitThrough(seg, target) : null;
};

export const rmRecursive: RuleTest = (seg, env) => {
  const a = recursiveForce(seg);
  if (!a) return null;
  // With xargs the targets arrive on stdin: unknown, so never provably temporary.
  const target = seg.fromXargs ? seg.words[seg.words.length - 1] : a.targets.find((t) => !isTemp(t, env));
  return target ? hitThrough(seg, target) : null;
};

const FIND_FILTERS = new Set([
  '-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-newer', '-mtime', '-mmin',
  '-atime', '-amin', '-ctime', '-cmin', '-size', '-empty', '-user', '-group', '-perm', '-links', '-inum', '-samefile', '-lname',
]);

function findDelete(seg: Segment, env: EvalEnv): { del: Word; filtered: boolean } | undefined {
  if (seg.cmd !== 'find') return undefined;
  const del = seg.args.find((w) => w.value === '-delete');
  if (!del) return undefined;
  const firstExpr = seg.args.findIndex((w) => /^[-(!]/.test(w.value));
  const roots = seg.args.slice(0, firstExpr < 0 ? seg.args.length : firstExpr);
  if (roots.length && roots.every((r) => isTemp(r, env))) return undefined;
  return { del, filtered: seg.args.some((w) => FIND_FILTERS.has(w.value)) };
}

export const findDeleteUnfiltered: RuleTest = (seg, env) => {
  const found = findDelete(seg, env);
  return found && !found.filtered ? hitThrough(seg, found.del) : null;
};

export const findDeleteFiltered: RuleTest = (seg, env) => {
  const found = findDelete(seg, env);
  return found?.filtered ? hitThrough(seg, found.del) : null;
};
