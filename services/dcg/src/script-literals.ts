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

/** Index just past a non-literal list element (`p`, `f(x, y)`, `a[0]`), at the next top-level `,` or the closer. */
function skipElement(code: string, i: number, closer: string): number {
  let depth = 0;
  for (let j = i; j < code.length; j++) {
    const c = code[j];
    if (c === "'" || c === '"' || c === '`') j = (readString(code, j)?.end ?? code.length) - 1;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if (depth === 0 && (c === ',' || c === closer)) return j;
  }
  return code.length;
}

/** A list element computed at run time: a shell variable stands for it, so `['rm', '-rf', p]` reads `rm -rf $ARG`. */
const COMPUTED = '$ARG';

/** `['rm', '-rf', '/']` → `rm -rf /`; with `computed`, other elements become `$ARG`, else the list is not literal. */
export function readList(code: string, i: number, computed = false): Literal | undefined {
  if (code[i] !== '[' && code[i] !== '(') return undefined;
  const closer = code[i] === '[' ? ']' : ')';
  const parts: string[] = [];
  let j = skipSpace(code, i + 1);
  while (j < code.length && code[j] !== closer) {
    const lit = readString(code, j);
    const end = lit && /^\s*[,\])]/.test(code.slice(lit.end, lit.end + 64)) ? lit.end : skipElement(code, j, closer);
    if (end !== lit?.end && !computed) return undefined;
    parts.push(end === lit?.end ? lit.text : COMPUTED);
    j = skipSpace(code, end);
    if (code[j] === ',') j = skipSpace(code, j + 1);
  }
  if (!parts.length || parts[0] === COMPUTED) return undefined;
  return { text: parts.join(' '), start: i + 1, end: j + 1 };
}

/** The literal command at `i`: a string, a list, or `'rm', ['-rf', '/']` as spawn takes it (see readList for `computed`). */
export function readCommandLiteral(code: string, i: number, computed = false): Literal | undefined {
  i = skipSpace(code, i);
  const list = readList(code, i, computed);
  if (list) return list;
  const first = readString(code, i);
  if (!first) return undefined;
  const j = skipSpace(code, first.end);
  if (code[j] !== ',') return first;
  const rest = readList(code, skipSpace(code, j + 1), computed);
  return rest ? { text: `${first.text} ${rest.text}`, start: first.start, end: rest.end } : first;
}
