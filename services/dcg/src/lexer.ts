/** Turns shell source into words, operators and redirections (with heredoc bodies attached). */
import type { Body, Word } from './shell-types.ts';
import { readWord } from './lexer-word.ts';
import { readHeredocBodies, type PendingHeredoc } from './heredoc.ts';
import { findClosingParen } from './scan.ts';

export type Token =
  { kind: 'word'; word: Word } | { kind: 'op'; op: string; start: number } | { kind: 'redir'; op: string; fd: string; start: number; body?: Body };

export interface LexResult {
  tokens: Token[];
  errors: string[];
}

interface State {
  s: string;
  i: number;
  base: number;
  tokens: Token[];
  errors: string[];
  pending: PendingHeredoc[];
}

function operatorAt(s: string, i: number): string {
  const c = s[i];
  const d = s[i + 1];
  switch (c) {
    case '|':
      return d === '|' || d === '&' ? c + d : c;
    case '&':
      if (d === '&') return '&&';
      if (d === '>') return s[i + 2] === '>' ? '&>>' : '&>';
      return c;
    case ';':
      return d === ';' ? ';;' : c;
    case '<':
      if (d === '<') return s[i + 2] === '<' ? '<<<' : s[i + 2] === '-' ? '<<-' : '<<';
      return d === '>' || d === '&' ? c + d : c;
    case '>':
      return d === '>' || d === '&' || d === '|' ? c + d : c;
    default:
      return c;
  }
}

function isRedirect(op: string): boolean {
  return op[0] === '<' || op[0] === '>' || op === '&>' || op === '&>>';
}

function skipBlanks(st: State): void {
  while (st.i < st.s.length && (st.s[st.i] === ' ' || st.s[st.i] === '\t' || st.s[st.i] === '\r')) st.i++;
}

function pushWord(st: State, fd: boolean): Word | undefined {
  const { word, next } = readWord(st.s, st.i, st.base, st.errors);
  st.i = next;
  if (word.value === '' && word.quotedFrom < 0 && !word.subs) return undefined;
  const c = st.s[st.i];
  if (fd && (c === '<' || c === '>') && /^\d+$/.test(word.value) && word.quotedFrom < 0) {
    redirect(st, word.value);
    return undefined;
  }
  st.tokens.push({ kind: 'word', word });
  return word;
}

function heredocDelimiter(st: State, op: string, token: { body?: Body }): void {
  skipBlanks(st);
  const word = pushWord(st, false);
  if (!word) return;
  st.pending.push({ delimiter: word.value, stripTabs: op === '<<-', expand: word.quotedFrom < 0, target: token });
}

function redirect(st: State, fd: string): void {
  const op = operatorAt(st.s, st.i);
  const token: Token & { kind: 'redir' } = { kind: 'redir', op, fd, start: st.base + st.i };
  st.tokens.push(token);
  st.i += op.length;
  if (op === '<<' || op === '<<-') heredocDelimiter(st, op, token);
}

function processSubstitution(st: State): void {
  const { s, i } = st;
  let j = findClosingParen(s, i + 2);
  if (j < 0) {
    st.errors.push('unterminated process substitution');
    j = s.length;
  }
  const raw = s.slice(i, j + 1);
  const word: Word = { value: raw, start: st.base + i, end: st.base + j + 1, quotedFrom: -1 };
  word.subs = [{ code: s.slice(i + 2, j), start: st.base + i + 2 }];
  st.tokens.push({ kind: 'word', word });
  st.i = j + 1;
}

function step(st: State): void {
  const { s } = st;
  const c = s[st.i];
  if (c === ' ' || c === '\t' || c === '\r') st.i++;
  else if (c === '\\' && s[st.i + 1] === '\n') st.i += 2;
  else if (c === '#') {
    const nl = s.indexOf('\n', st.i);
    st.i = nl < 0 ? s.length : nl;
  } else if ((c === '<' || c === '>') && s[st.i + 1] === '(') processSubstitution(st);
  else if (c === ';' || c === '|' || c === '&' || c === '(' || c === ')' || c === '<' || c === '>' || c === '\n') {
    const op = operatorAt(s, st.i);
    if (isRedirect(op)) return redirect(st, '');
    st.tokens.push({ kind: 'op', op, start: st.base + st.i });
    st.i += op.length;
    if (op === '\n' && st.pending.length) st.i = readHeredocBodies(s, st.i, st.base, st.pending);
  } else pushWord(st, true);
}

/** Lexes `s`; offsets in the result are `base` plus the index in `s`. */
export function lex(s: string, base = 0): LexResult {
  const st: State = { s, i: 0, base, tokens: [], errors: [], pending: [] };
  while (st.i < s.length) step(st);
  if (st.pending.length) readHeredocBodies(s, s.length, base, st.pending);
  return { tokens: st.tokens, errors: st.errors };
}
