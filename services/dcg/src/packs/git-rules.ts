/**
 * Argument-level matchers for the core.git pack. git accepts any unambiguous prefix of a long option and
 * rejects ambiguous ones, so a prefix of a destructive option (`--forc`, `--har`) is read as that option.
 */
import type { Word } from '../shell-types.ts';
import { gitCall } from '../git-args.ts';
import { endOfOptions, hasShort, isLong } from '../options.ts';
import { hitThrough, memo, type RuleTest } from '../rule-types.ts';

type RestTest = (rest: Word[]) => Word | undefined;

/** A rule on `git <sub> …`, past global options; `test` returns the word that proves the match. */
export function gitRule(subs: readonly string[], test: RestTest): RuleTest {
  return (seg) => {
    if (seg.cmd !== 'git') return null;
    const call = memo(seg, 'git', () => gitCall(seg.args));
    if (!call || !subs.includes(call.sub.value)) return null;
    const word = test(call.rest);
    return word ? hitThrough(seg, word.end > call.sub.end ? word : call.sub) : null;
  };
}

const options = (rest: Word[]): Word[] => rest.slice(0, endOfOptions(rest));

export const resetMode =
  (mode: string, min: number): RestTest =>
  (rest) =>
    options(rest).find((w) => isLong(w.value, mode, min));

const PATHLIKE = /^(?:\.|\.\/.*|:\/.*|\*.*)$/;

export const checkoutDiscard: RestTest = (rest) => {
  const dd = rest.findIndex((w) => w.value === '--');
  if (dd >= 0 && dd < rest.length - 1) return rest[rest.length - 1];
  return options(rest).find((w) => PATHLIKE.test(w.value));
};

export const checkoutForce: RestTest = (rest) =>
  options(rest).find((w) => isLong(w.value, 'force', 1) || isLong(w.value, 'discard-changes', 2) || hasShort(w.value, 'f', 'bBcC'));

export const restoreWorktree: RestTest = (rest) => {
  let staged = false;
  let worktree: Word | undefined;
  for (const w of options(rest)) {
    if (isLong(w.value, 'staged', 2) || hasShort(w.value, 'S', 's')) staged = true;
    if (isLong(w.value, 'worktree', 1) || hasShort(w.value, 'W', 's')) worktree = w;
  }
  if (staged && !worktree) return undefined;
  return worktree ?? rest[rest.length - 1];
};

export const cleanForce: RestTest = (rest) => {
  let force: Word | undefined;
  for (const w of options(rest)) {
    if (isLong(w.value, 'dry-run', 3) || hasShort(w.value, 'n', 'e')) return undefined;
    if (isLong(w.value, 'force', 1) || hasShort(w.value, 'f', 'e')) force ??= w;
  }
  return force;
};

export const pushForce: RestTest = (rest) =>
  options(rest).find((w) => {
    const v = w.value;
    return isLong(v, 'force', 1) || isLong(v, 'mirror', 1) || hasShort(v, 'f', 'o') || (v.length > 1 && v[0] === '+');
  });

export const branchForceDelete: RestTest = (rest) => {
  let del: Word | undefined;
  let force = false;
  for (const w of options(rest)) {
    if (hasShort(w.value, 'D', 'u')) return w;
    if (isLong(w.value, 'delete', 1) || hasShort(w.value, 'd', 'u')) del ??= w;
    if (isLong(w.value, 'force', 1) || hasShort(w.value, 'f', 'u')) force = true;
  }
  return force ? del : undefined;
};

export const stashAction =
  (action: string): RestTest =>
  (rest) => {
    const first = rest.find((w) => !w.value.startsWith('-'));
    return first?.value === action ? first : undefined;
  };
