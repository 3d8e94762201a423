/** Reads string literals and literal lists out of inline scripts (Python, JavaScript, Ruby, Perl). */

export interface Literal {
  text: string;
  start: number;
  end: number;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };

function unescape(raw: string): string {
  return raw.replace(/\\(.)/g, (_m, c: string) => ESCAPES[c] ?? c);
}

function skipSpace(code: string, i: number): number {
  while (i < code.length && /\s/.test(code[i])) i++;
  return i;
}

/** A quoted string at `i` (Python prefixes r/b/f/u and triple quotes allowed), or undefined. */
export function readString(code: string, i: number): Literal | undefined {
  let j = i;
  while (j < code.length && /[rbfuRBFU]/.test(code[j]) && j - i < 2) j++;
  const q = code[j];
  if (q !== "'" && q !== '"' && q !== '`') return undefined;
  const triple = code.startsWith(q.repeat(3), j);
  const open = triple ? 3 : 1;
  const close = triple ? q.repeat(3) : q;
  let k = j + open;
  while (k < code.length && !code.startsWith(close, k)) k += code[k] === '\\' ? 2 : 1;
  const raw = code.slice(j + open, Math.min(k, code.length));
  return { text: /[rR]/.test(code.slice(i, j)) ? raw : unescape(raw), start: j + open, end: Math.min(k + close.length, code.length) };
}

/** `['rm', '-rf', '/']` → `rm -rf /`; undefined when an element is not a literal. */
export function readList(code: string, i: number): Literal | undefined {
  if (code[i] !== '[' && code[i] !== '(') return undefined;
  const closer = code[i] === '[' ? ']' : ')';
  const parts: string[] = [];
  let j = skipSpace(code, i + 1);
  while (j < code.length && code[j] !== closer) {
    const lit = readString(code, j);
    if (!lit) return undefined;
    parts.push(lit.text);
    j = skipSpace(code, lit.end);
    if (code[j] === ',') j = skipSpace(code, j + 1);
  }
  return { text: parts.join(' '), start: i + 1, end: j + 1 };
}

/** The literal command at `i`: a string, a list, or `'rm', ['-rf', '/']` as spawn takes it. */
export function readCommandLiteral(code: string, i: number): Literal | undefined {
  i = skipSpace(code, i);
  const list = readList(code, i);
  if (list) return list;
  const first = readString(code, i);
  if (!first) return undefined;
  const j = skipSpace(code, first.end);
  if (code[j] !== ',') return first;
  const rest = readList(code, skipSpace(code, j + 1));
  return rest ? { text: `${first.text} ${rest.text}`, start: first.start, end: rest.end } : first;
}
