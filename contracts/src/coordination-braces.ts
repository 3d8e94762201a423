/** `{a,b}` and `{1..3}` expansion of reservation patterns (pure; used to validate and to intersect). */

/** Index of the `]` closing a class opened at `i`, or -1 when it is not a class. */
function classEnd(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === '!' || p[j] === '^') j++;
  if (p[j] === ']') j++;
  for (; j < p.length; j++) {
    if (p.startsWith('[:', j)) {
      const end = p.indexOf(':]', j + 2);
      if (end > 0) j = end + 1;
    } else if (p[j] === ']') return j;
  }
  return -1;
}

/** Splits on commas not nested in braces or classes. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '[') i = Math.max(i, classEnd(s, i));
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(from, i));
      from = i + 1;
    }
  }
  return [...out, s.slice(from)];
}

function range(inner: string): string[] | undefined {
  const num = /^(-?\d+)\.\.(-?\d+)$/.exec(inner);
  const chr = /^([a-zA-Z])\.\.([a-zA-Z])$/.exec(inner);
  if (!num && !chr) return undefined;
  const [lo, hi] = num ? [Number(num[1]), Number(num[2])] : [chr![1].charCodeAt(0), chr![2].charCodeAt(0)];
  const step = lo <= hi ? 1 : -1;
  const out: string[] = [];
  for (let v = lo; out.length <= 1000; v += step) {
    out.push(num ? String(v) : String.fromCharCode(v));
    if (v === hi) break;
  }
  return out;
}

/** The first top-level brace group with alternatives: where it is and what it offers. */
function firstGroup(p: string): { start: number; end: number; alts: string[] } | undefined {
  let depth = 0;
  let start = -1;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '[') i = Math.max(i, classEnd(p, i));
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && depth > 0 && --depth === 0) {
      const inner = p.slice(start + 1, i);
      const alts = splitTop(inner);
      if (alts.length > 1) return { start, end: i, alts };
      const r = range(inner);
      if (r) return { start, end: i, alts: r };
    }
  }
  return undefined;
}

/**
 * Every pattern a brace pattern stands for: `src/{a,b}/*.ts` → `src/a/*.ts`, `src/b/*.ts`; braces without a
 * comma or range are literal. Undefined when it would make more than `limit`.
 */
export function expandBraces(p: string, limit = 256): string[] | undefined {
  const g = firstGroup(p);
  if (!g) return [p];
  const out: string[] = [];
  for (const alt of g.alts) {
    const more = expandBraces(p.slice(0, g.start) + alt + p.slice(g.end + 1), limit - out.length);
    if (!more || out.length + more.length > limit) return undefined;
    out.push(...more);
  }
  return out;
}
