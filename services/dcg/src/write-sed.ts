/** Which operands of `sed` it edits in place. */
import type { Word } from './shell-types.ts';

/** Long options whose value may be the next word. */
const LONG_VALUE = new Set(['expression', 'file', 'line-length']);

/**
 * Files `sed` edits in place: none without `-i`/`--in-place`; the script is the first operand unless
 * `-e`/`-f` gave one. `-i` takes the rest of its cluster as a backup suffix (`-i.bak`, and `-ie` is `-i`
 * with suffix `e`); BSD's `-i ''` takes an empty word.
 */
export function fileArgs(args: readonly Word[]): Word[] {
  let inPlace = false;
  let scriptGiven = false;
  const operands: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (v.startsWith('--')) {
      const name = v.slice(2).split('=')[0];
      if (name === 'in-place') inPlace = true;
      if (name === 'expression' || name === 'file') scriptGiven = true;
      if (LONG_VALUE.has(name) && !v.includes('=')) i++;
    } else if (v.length >= 2 && v[0] === '-') {
      i += shortOptions(v, args[i + 1], (kind) => (kind === 'i' ? (inPlace = true) : (scriptGiven = true)));
    } else operands.push(args[i]);
  }
  if (!inPlace) return [];
  return scriptGiven ? operands : operands.slice(1);
}

/** Reads one short-option cluster; returns how many following words it consumed (0 or 1). */
function shortOptions(v: string, next: Word | undefined, saw: (kind: 'i' | 'script') => void): number {
  for (let k = 1; k < v.length; k++) {
    const ch = v[k];
    if (ch === 'i') {
      saw('i');
      return v.length === 2 && next?.value === '' ? 1 : 0;
    }
    if (ch === 'e' || ch === 'f' || ch === 'l') {
      if (ch !== 'l') saw('script');
      return k === v.length - 1 ? 1 : 0;
    }
  }
  return 0;
}
