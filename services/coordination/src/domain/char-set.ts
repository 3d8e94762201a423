/** The characters one position of a glob accepts: a class, `?`, or a literal (code point ranges). */
export interface CharSet {
  negated: boolean;
  ranges: [number, number][];
}

/** `?` (and the inside of `*`): any character. */
export const ANY: CharSet = { negated: true, ranges: [] };

export const literal = (cp: number): CharSet => ({ negated: false, ranges: [[cp, cp]] });

const POSIX: Record<string, [number, number][]> = {
  alpha: [
    [65, 90],
    [97, 122],
  ],
  digit: [[48, 57]],
  alnum: [
    [48, 57],
    [65, 90],
    [97, 122],
  ],
  upper: [[65, 90]],
  lower: [[97, 122]],
  xdigit: [
    [48, 57],
    [65, 70],
    [97, 102],
  ],
  space: [
    [9, 13],
    [32, 32],
  ],
  word: [
    [48, 57],
    [65, 90],
    [95, 95],
    [97, 122],
  ],
};

/**
 * Parses the class opening at `p[i] === '['` (`[abc]`, `[a-z]`, `[!x]`, `[^x]`, `[[:alpha:]]`); undefined when
 * it is not closed (the `[` is then a literal, as in picomatch). An unknown POSIX name accepts anything, so
 * an intersection errs towards a conflict.
 */
export function parseClass(p: string, i: number): { set: CharSet; next: number } | undefined {
  let j = i + 1;
  const negated = p[j] === '!' || p[j] === '^';
  if (negated) j++;
  const ranges: [number, number][] = [];
  let unknown = false;
  for (let first = true; j < p.length && (p[j] !== ']' || first); first = false) {
    const posix = p.startsWith('[:', j) ? p.indexOf(':]', j + 2) : -1;
    if (posix > 0) {
      const known = POSIX[p.slice(j + 2, posix)];
      if (known) ranges.push(...known);
      else unknown = true;
      j = posix + 2;
      continue;
    }
    const lo = p.codePointAt(j)!;
    j += lo > 0xffff ? 2 : 1;
    if (p[j] === '-' && j + 1 < p.length && p[j + 1] !== ']') {
      const hi = p.codePointAt(j + 1)!;
      j += 1 + (hi > 0xffff ? 2 : 1);
      ranges.push([Math.min(lo, hi), Math.max(lo, hi)]);
    } else ranges.push([lo, lo]);
  }
  if (j >= p.length) return undefined;
  return { set: unknown ? ANY : { negated, ranges }, next: j + 1 };
}

/** Is every character of lo..hi inside one of `ranges`? */
function covered(lo: number, hi: number, ranges: [number, number][]): boolean {
  let x = lo;
  for (const [s, e] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (s > x) break;
    if (e >= x) x = e + 1;
    if (x > hi) return true;
  }
  return x > hi;
}

/** Is there a character both sets accept? */
export function setsMeet(a: CharSet, b: CharSet): boolean {
  // The complements of two finite sets always share a character.
  if (a.negated && b.negated) return true;
  if (!a.negated && !b.negated) return a.ranges.some(([lo, hi]) => b.ranges.some(([s, e]) => lo <= e && s <= hi));
  const [pos, neg] = a.negated ? [b, a] : [a, b];
  return pos.ranges.some(([lo, hi]) => !covered(lo, hi, neg.ranges));
}
