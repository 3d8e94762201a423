/** Do two reservation patterns share a path? Our own algorithm over picomatch's glob syntax (see docs/coordination.md). */
import { expandBraces, isVirtualResource } from '@flywheel/contracts';
import { ANY, literal, parseClass, setsMeet, type CharSet } from './char-set.ts';

type Tok = { star: true } | { star: false; set: CharSet };
/** A path segment: `**` (any number of segments, zero included) or a sequence of tokens. */
type Seg = { globstar: true } | { globstar: false; toks: Tok[] };

function tokens(seg: string): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < seg.length;) {
    const c = seg[i];
    if (c === '*') {
      if (!out.at(-1)?.star) out.push({ star: true });
      i++;
    } else if (c === '?') {
      out.push({ star: false, set: ANY });
      i++;
    } else {
      const cls = c === '[' ? parseClass(seg, i) : undefined;
      if (cls) {
        out.push({ star: false, set: cls.set });
        i = cls.next;
      } else {
        const cp = seg.codePointAt(i)!;
        out.push({ star: false, set: literal(cp) });
        i += cp > 0xffff ? 2 : 1;
      }
    }
  }
  return out;
}

const parse = (pattern: string): Seg[] => pattern.split('/').map((s) => (s === '**' ? { globstar: true } : { globstar: false, toks: tokens(s) }));

/**
 * Is there a word both sequences match? The product of the two automata, memoised: a "star" element takes
 * zero or more of the other side's elements, any other pair must `meet`. Used at two levels: tokens within a
 * segment (`*` against characters) and segments within a path (`**` against segments).
 */
function sequencesMeet<T, S extends T>(a: T[], b: T[], isStar: (x: T) => x is S, meet: (x: Exclude<T, S>, y: Exclude<T, S>) => boolean): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (b.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let r = false;
    const x = a[i];
    const y = b[j];
    if (x === undefined && y === undefined) r = true;
    else if (x !== undefined && isStar(x)) r = go(i + 1, j) || (y !== undefined && go(i, j + 1));
    else if (y !== undefined && isStar(y)) r = go(i, j + 1) || (x !== undefined && go(i + 1, j));
    else if (x !== undefined && y !== undefined) r = meet(x as Exclude<T, S>, y as Exclude<T, S>) && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

const segmentsMeet = (a: Tok[], b: Tok[]): boolean =>
  sequencesMeet(
    a,
    b,
    (t): t is Extract<Tok, { star: true }> => t.star,
    (x, y) => setsMeet(x.set, y.set),
  );

const pathsMeet = (a: Seg[], b: Seg[]): boolean =>
  sequencesMeet(
    a,
    b,
    (s): s is Extract<Seg, { globstar: true }> => s.globstar,
    (x, y) => segmentsMeet(x.toks, y.toks),
  );

const cache = new Map<string, Seg[][]>();

function alternatives(pattern: string): Seg[][] {
  let alts = cache.get(pattern);
  if (!alts) {
    // Normalised patterns always expand; anything else is kept whole (its braces read literally).
    alts = (expandBraces(pattern) ?? [pattern]).map(parse);
    if (cache.size > 10_000) cache.clear();
    cache.set(pattern, alts);
  }
  return alts;
}

/**
 * True when some path matches both normalised patterns: `src/**\/*.ts` and `src/api/*.ts` do, `*.ts` and
 * `*.js` do not. Virtual resources (`tool://x`) meet only themselves. Where the syntax is ambiguous it errs
 * towards true (a conflict), never towards letting two writers in.
 */
export function patternsIntersect(a: string, b: string): boolean {
  if (isVirtualResource(a) || isVirtualResource(b)) return a === b;
  if (a === b) return true;
  const bs = alternatives(b);
  return alternatives(a).some((x) => bs.some((y) => pathsMeet(x, y)));
}
