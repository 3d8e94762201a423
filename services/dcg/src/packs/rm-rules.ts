/** Argument-level matchers for rm and find in the core.filesystem pack. */
import type { Segment, Word } from '../shell-types.ts';
import { isRootish, isTempPath, resolveTarget } from '../paths.ts';
import { hitThrough, memo, type EvalEnv, type RuleTest } from '../rule-types.ts';

interface RmArgs {
  recursive: boolean;
  force: boolean;
  /** The last of -i, -I and --interactive[=always|once] came after any -f: rm asks before deleting. */
  prompts: boolean;
  targets: Word[];
}

const RM_LONG = ['dir', 'interactive', 'one-file-system', 'no-preserve-root', 'preserve-root', 'verbose', 'help', 'version'];

function applyShort(a: RmArgs, chars: string): void {
  for (const c of chars) {
    if (c === 'r' || c === 'R') a.recursive = true;
    else if (c === 'f') [a.force, a.prompts] = [true, false];
    else if (c === 'i' || c === 'I') a.prompts = true;
  }
}

function applyLong(a: RmArgs, option: string): void {
  const eq = option.indexOf('=');
  const name = eq < 0 ? option : option.slice(0, eq);
  if (!name) return;
  if ('recursive'.startsWith(name)) a.recursive = true;
  else if ('force'.startsWith(name)) [a.force, a.prompts] = [true, false];
  // `--interactive=never` (or no, none) asks nothing: the same as -f for a tree.
  else if ('interactive'.startsWith(name)) [a.force, a.prompts] = eq >= 0 && /^n/i.test(option.slice(eq + 1)) ? [true, false] : [a.force, true];
  // `rm —rf` folds to `--rf`: an unknown all-letter long option is read as a cluster.
  else if (/^[a-z]+$/i.test(name) && !RM_LONG.some((k) => k.startsWith(name))) applyShort(a, name);
}

function rmArgs(args: Word[]): RmArgs {
  const a: RmArgs = { recursive: false, force: false, prompts: false, targets: [] };
  let options = true;
  for (const w of args) {
    const v = w.value;
    if (!options || v.length < 2 || v[0] !== '-') a.targets.push(w);
    else if (v === '--') options = false;
    else if (v[1] === '-') applyLong(a, v.slice(2));
    else applyShort(a, v.slice(1));
  }
  return a;
}

const isTemp = (w: Word, env: EvalEnv): boolean => isTempPath(resolveTarget(w.value, env.cwd), env.tmpPrefixes);

const rmOf = (seg: Segment): RmArgs | undefined => (seg.cmd === 'rm' ? memo(seg, 'rm', () => rmArgs(seg.args)) : undefined);

/** rm -i asks on stdin: fed by a pipe or a redirect (`yes | rm -ri ~`), its questions are answered for it. */
const answered = (seg: Segment): boolean => seg.pipeIn || seg.stdin !== undefined || seg.redirects.some((r) => r.op[0] === '<');

/** Recursive on root, a home or a top-level directory, unless rm asks first: without -f a non-interactive shell never asks. */
export const rmRecursiveRoot: RuleTest = (seg, env) => {
  const a = rmOf(seg);
  if (!a?.recursive || (a.prompts && !a.force && !answered(seg))) return null;
  const target = a.targets.find((t) => isRootish(t.value) && !isTemp(t, env));
  return target ? hitThrough(seg, target) : null;
};

export const rmRecursive: RuleTest = (seg, env) => {
  const a = rmOf(seg);
  if (!a?.recursive || !a.force) return null;
  // With xargs the targets arrive on stdin; with none at all (`rm -rf`, `rm -rf --`) a variable expanded to nothing.
  if (seg.fromXargs || a.targets.length === 0) return hitThrough(seg, seg.words[seg.words.length - 1]);
  const target = a.targets.find((t) => !isTemp(t, env));
  return target ? hitThrough(seg, target) : null;
};

const FIND_FILTERS = new Set([
  '-name',
  '-iname',
  '-path',
  '-ipath',
  '-wholename',
  '-iwholename',
  '-regex',
  '-iregex',
  '-newer',
  '-mtime',
  '-mmin',
  '-atime',
  '-amin',
  '-ctime',
  '-cmin',
  '-size',
  '-empty',
  '-user',
  '-group',
  '-perm',
  '-links',
  '-inum',
  '-samefile',
  '-lname',
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
