/** Reads one shell word: quotes, escapes, `$'…'`, `$( )`, backticks and `${…}`. */
import type { Sub, Word } from './shell-types.ts';
import { readAnsiC } from './ansi-c.ts';
import { collectSubs, findBacktick, findClosingBrace, findClosingParen } from './scan.ts';

const BREAK = 1;
const SPECIAL = 2;
const TABLE = new Uint8Array(128);
for (const c of ' \t\n\r;|&()<>') TABLE[c.charCodeAt(0)] = BREAK;
for (const c of '\\\'"$`') TABLE[c.charCodeAt(0)] = SPECIAL;

function classOf(code: number): number {
  if (code < 128) return TABLE[code];
  return (code >= 0x200b && code <= 0x200d) || code === 0x2060 || code === 0xfeff ? SPECIAL : 0;
}

/** Whether the character ends an unquoted word. */
export function isWordBreak(ch: string): boolean {
  return classOf(ch.charCodeAt(0)) === BREAK;
}

interface Builder {
  s: string;
  base: number;
  value: string;
  quotedFrom: number;
  subs: Sub[] | undefined;
  errors: string[];
  /** Set when an unquoted `$IFS` ends the word early. */
  splitAt: number;
}

function markQuoted(b: Builder): void {
  if (b.quotedFrom < 0) b.quotedFrom = b.value.length;
}

function addSub(b: Builder, from: number, to: number): void {
  (b.subs ??= []).push({ code: b.s.slice(from, to), start: b.base + from });
}

function backslash(b: Builder, i: number): number {
  const next = b.s[i + 1];
  if (next === undefined) {
    b.value += '\\';
    return i + 1;
  }
  if (next === '\n') return i + 2;
  markQuoted(b);
  b.value += next;
  return i + 2;
}

function single(b: Builder, i: number): number {
  let j = b.s.indexOf("'", i + 1);
  if (j < 0) {
    b.errors.push('unterminated single quote');
    j = b.s.length;
  }
  markQuoted(b);
  b.value += b.s.slice(i + 1, j);
  return j + 1;
}

function double(b: Builder, i: number): number {
  const s = b.s;
  markQuoted(b);
  while (i < s.length) {
    const c = s[i];
    if (c === '"') return i + 1;
    if (c === '\\') {
      const n = s[i + 1];
      if (n === '$' || n === '`' || n === '"' || n === '\\') b.value += n;
      else if (n !== '\n') b.value += n === undefined ? '\\' : '\\' + n;
      i += 2;
    } else if (c === '$') i = dollar(b, i, true);
    else if (c === '`') i = backtick(b, i);
    else {
      let j = i + 1;
      while (j < s.length && s[j] !== '"' && s[j] !== '\\' && s[j] !== '$' && s[j] !== '`') j++;
      b.value += s.slice(i, j);
      i = j;
    }
  }
  b.errors.push('unterminated double quote');
  return i;
}

function substitution(b: Builder, i: number): number {
  const s = b.s;
  let j = findClosingParen(s, i + 2);
  if (j < 0) {
    b.errors.push('unterminated $(');
    j = s.length;
  }
  if (s[i + 2] !== '(') addSub(b, i + 2, j);
  b.value += s.slice(i, j + 1);
  return j + 1;
}

function braceParam(b: Builder, i: number, inDq: boolean): number {
  const s = b.s;
  let j = findClosingBrace(s, i + 2);
  if (j < 0) {
    b.errors.push('unterminated ${');
    j = s.length;
  }
  const inner = s.slice(i + 2, j);
  if (!inDq && inner === 'IFS') {
    b.splitAt = i;
    return j + 1;
  }
  if (inner.includes('$(') || inner.includes('`')) (b.subs ??= []).push(...collectSubs(inner, b.base + i + 2));
  b.value += s.slice(i, j + 1);
  return j + 1;
}

function dollar(b: Builder, i: number, inDq: boolean): number {
  const s = b.s;
  const next = s[i + 1];
  if (!inDq && next === "'") {
    const r = readAnsiC(s, i + 2);
    if (!r.closed) b.errors.push("unterminated $'");
    markQuoted(b);
    b.value += r.text;
    return r.next;
  }
  if (!inDq && next === '"') return double(b, i + 2);
  if (next === '(') return substitution(b, i);
  if (next === '{') return braceParam(b, i, inDq);
  if (!inDq && s.startsWith('IFS', i + 1) && !/\w/.test(s[i + 4] ?? '')) {
    b.splitAt = i;
    return i + 4;
  }
  b.value += '$';
  return i + 1;
}

function backtick(b: Builder, i: number): number {
  let j = findBacktick(b.s, i + 1);
  if (j < 0) {
    b.errors.push('unterminated backtick');
    j = b.s.length;
  }
  addSub(b, i + 1, j);
  b.value += b.s.slice(i, j + 1);
  return j + 1;
}

function special(b: Builder, i: number): number {
  switch (b.s[i]) {
    case '\\':
      return backslash(b, i);
    case "'":
      return single(b, i);
    case '"':
      return double(b, i + 1);
    case '$':
      return dollar(b, i, false);
    case '`':
      return backtick(b, i);
    default:
      return i + 1; // zero-width character: dropped
  }
}

/** Reads the word starting at `i`; `base` turns local indexes into offsets of the checked command. */
export function readWord(s: string, i: number, base: number, errors: string[]): { word: Word; next: number } {
  const b: Builder = { s, base, value: '', quotedFrom: -1, subs: undefined, errors, splitAt: -1 };
  const start = i;
  while (i < s.length && b.splitAt < 0) {
    const cls = classOf(s.charCodeAt(i));
    if (cls === BREAK) break;
    if (cls === SPECIAL) {
      i = special(b, i);
      continue;
    }
    let j = i + 1;
    while (j < s.length && classOf(s.charCodeAt(j)) === 0) j++;
    b.value += s.slice(i, j);
    i = j;
  }
  const end = b.splitAt >= 0 ? b.splitAt : Math.min(i, s.length);
  const word: Word = { value: b.value, start: base + start, end: base + end, quotedFrom: b.quotedFrom };
  if (b.subs) word.subs = b.subs;
  return { word, next: Math.min(i, s.length) };
}
