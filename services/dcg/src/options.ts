/** Helpers for reading command-line options the way getopt would. */
import type { Word } from './shell-types.ts';

/** Characters of a short-option cluster (`-rf` → `rf`), ending at the first one that takes a value. */
export function shortCluster(v: string, valueChars = ''): string {
  if (v.length < 2 || v[0] !== '-' || v[1] === '-') return '';
  for (let i = 1; i < v.length; i++) if (valueChars.includes(v[i])) return v.slice(1, i + 1);
  return v.slice(1);
}

export function hasShort(v: string, ch: string, valueChars = ''): boolean {
  return shortCluster(v, valueChars).includes(ch);
}

/** Whether the cluster's last character takes the next word as its value (`-u root`). */
export function takesNext(v: string, valueChars: string): boolean {
  const c = shortCluster(v, valueChars);
  return c.length > 0 && c.length === v.length - 1 && valueChars.includes(c[c.length - 1]);
}

/** `--name`, `--name=value`, or an abbreviation of at least `min` characters (getopt_long accepts those). */
export function isLong(v: string, name: string, min = name.length): boolean {
  if (v.length < 3 || v[0] !== '-' || v[1] !== '-') return false;
  const eq = v.indexOf('=');
  const given = eq < 0 ? v.slice(2) : v.slice(2, eq);
  return given.length >= min && name.startsWith(given);
}

export interface OptionSpec {
  /** Short options that take a value. */
  value: string;
  /** Long options (without `--`) that take the next word as value. */
  longValue?: readonly string[];
}

/** Index of the first positional word at or after `i`, skipping options and a `--` terminator. */
export function skipOptions(words: readonly Word[], i: number, spec: OptionSpec): number {
  while (i < words.length) {
    const v = words[i].value;
    if (v === '--') return i + 1;
    if (v.length < 2 || v[0] !== '-') return i;
    if (v[1] === '-') {
      if (!v.includes('=') && spec.longValue?.includes(v.slice(2))) i++;
    } else if (takesNext(v, spec.value)) i++;
    i++;
  }
  return i;
}

/** Index of the first `--` at or after `from`, or the length when there is none. */
export function endOfOptions(words: readonly Word[], from = 0): number {
  for (let i = from; i < words.length; i++) if (words[i].value === '--') return i;
  return words.length;
}
