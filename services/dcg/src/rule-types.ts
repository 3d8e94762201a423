/** Shapes of built-in packs: data like custom packs, plus optional matcher functions. */
import type { PackSpec, RuleSpec } from './types.ts';
import type { Hit, Segment, Word } from './shell-types.ts';

/** Per-check facts a matcher may use. */
export interface EvalEnv {
  tmpPrefixes: readonly string[];
  cwd: string | undefined;
}

export type RuleTest = (seg: Segment, env: EvalEnv) => Hit | null;

export interface BuiltinRule extends RuleSpec {
  /** Used instead of `pattern` when the rule needs to read arguments rather than text. */
  test?: RuleTest;
}

export interface BuiltinPack extends PackSpec {
  rules: BuiltinRule[];
  /** Core packs are on whatever the configuration says. */
  alwaysOn?: boolean;
}

/** A hit from the command word to `last`. */
export function hitThrough(seg: Segment, last: Word): Hit {
  const first = seg.words[0];
  return { start: first ? Math.min(first.start, last.start) : last.start, end: Math.max(last.end, first?.end ?? 0) };
}

/** Memoises a per-segment parse shared by several rules of a pack. */
export function memo<T>(seg: Segment, key: string, compute: () => T): T {
  const map = (seg.memo ??= new Map<string, unknown>());
  if (map.has(key)) return map.get(key) as T;
  const value = compute();
  map.set(key, value);
  return value;
}
