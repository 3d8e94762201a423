/** Finds the end of nested shell constructs without fully parsing them. */
import type { Sub } from './shell-types.ts';

function skipSingle(s: string, i: number): number {
  const j = s.indexOf("'", i + 1);
  return j < 0 ? s.length : j;
}

function skipDouble(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
  return Math.min(j, s.length);
}

/** Index of the closing backtick for one opened at `i - 1`, or -1. */
export function findBacktick(s: string, i: number): number {
  let j = i;
  while (j < s.length) {
    if (s[j] === '\\') j += 2;
    else if (s[j] === '`') return j;
    else j++;
  }
  return -1;
}

/** Index of the `)` closing a paren opened just before `i`, honouring quotes and nesting, or -1. */
export function findClosingParen(s: string, i: number): number {
  let depth = 1;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === '\\') j++;
    else if (c === "'") j = skipSingle(s, j);
    else if (c === '"') j = skipDouble(s, j);
    else if (c === '`') {
      const k = findBacktick(s, j + 1);
      if (k < 0) return -1;
      j = k;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j;
  }
  return -1;
}

/** Index of the `}` closing a `${` opened just before `i`, or -1. */
export function findClosingBrace(s: string, i: number): number {
  let depth = 1;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === '\\') j++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return j;
  }
  return -1;
}

/** `$( )` and backtick bodies inside text where quotes are literal (heredoc bodies, `${…}`). */
export function collectSubs(text: string, base: number): Sub[] {
  const subs: Sub[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '$' && text[i + 1] === '(' && text[i + 2] !== '(') {
      const j = findClosingParen(text, i + 2);
      const end = j < 0 ? text.length : j;
      subs.push({ code: text.slice(i + 2, end), start: base + i + 2 });
      i = end;
    } else if (c === '`') {
      const j = findBacktick(text, i + 1);
      const end = j < 0 ? text.length : j;
      subs.push({ code: text.slice(i + 1, end), start: base + i + 1 });
      i = end;
    }
  }
  return subs;
}
