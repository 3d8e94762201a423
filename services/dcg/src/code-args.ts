/** Finds inline code in interpreter arguments: `python -c CODE`, `perl -ne CODE`, `bash -lc CODE`. */
import type { Word } from './shell-types.ts';
import { codeStart } from './command-name.ts';

export interface CodeSpec {
  /** Short options whose value is code. */
  code: string;
  /** Short options that take another value. */
  value: string;
  /** Short options after which no inline code follows (`python -m`, `awk -f`). */
  stop?: string;
  longCode?: readonly string[];
  longValue?: readonly string[];
}

/** Inline code and the word it was read from. */
export interface CodeText {
  text: string;
  start: number;
  word: Word;
}

export interface CodeArgs {
  codes: CodeText[];
  /** Index of the first positional argument (a script file, or awk's program), or the length. */
  positional: number;
  stopped: boolean;
}

function fromWord(w: Word | undefined): CodeText | undefined {
  return w ? { text: w.value, start: codeStart(w), word: w } : undefined;
}

/** Returns how many extra words the long option consumed. */
function readLong(args: Word[], i: number, spec: CodeSpec, out: CodeArgs): number {
  const v = args[i].value;
  const eq = v.indexOf('=');
  const name = eq < 0 ? v.slice(2) : v.slice(2, eq);
  if (spec.longCode?.includes(name)) {
    const code = eq < 0 ? fromWord(args[i + 1]) : { text: v.slice(eq + 1), start: args[i].start + eq + 1, word: args[i] };
    if (code) out.codes.push(code);
    return eq < 0 ? 1 : 0;
  }
  return eq < 0 && spec.longValue?.includes(name) ? 1 : 0;
}

/** Returns how many extra words the cluster consumed, or -1 when a stop option was seen. */
function readCluster(args: Word[], i: number, spec: CodeSpec, out: CodeArgs): number {
  const w = args[i];
  const v = w.value;
  for (let k = 1; k < v.length; k++) {
    const ch = v[k];
    if (spec.stop?.includes(ch)) return -1;
    const last = k === v.length - 1;
    if (spec.code.includes(ch)) {
      const code = last ? fromWord(args[i + 1]) : { text: v.slice(k + 1), start: w.start + k + 1, word: w };
      if (code) out.codes.push(code);
      return last ? 1 : 0;
    }
    if (spec.value.includes(ch)) return last ? 1 : 0;
  }
  return 0;
}

/** Scans options up to the first positional argument. */
export function findCodeArgs(args: Word[], spec: CodeSpec): CodeArgs {
  const out: CodeArgs = { codes: [], positional: args.length, stopped: false };
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') {
      out.positional = i + 1;
      return out;
    }
    if (v.length < 2 || v[0] !== '-') {
      out.positional = i;
      return out;
    }
    const used = v[1] === '-' ? readLong(args, i, spec, out) : readCluster(args, i, spec, out);
    if (used < 0) {
      out.stopped = true;
      return out;
    }
    i += used;
  }
  return out;
}
