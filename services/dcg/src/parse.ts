/** Parses a command into normalised segments, recursing into every place code hides. */
import type { Body, Origin, Redirect, Segment, Sub, Word } from './shell-types.ts';
import { lex } from './lexer.ts';
import { collectSubs } from './scan.ts';
import { splitCommands, type RawCommand } from './split.ts';
import { unwrap } from './wrappers.ts';
import { makeScriptSegment, makeSegment } from './segment.ts';
import { nestedOf, type Nested } from './nested.ts';
import { shellOuts } from './script-scan.ts';

export interface Limits {
  /** Longest command parsed; longer ones that pass the keyword gate get the fail-mode decision. */
  maxLength: number;
  /** Deepest nesting of `bash -c`, `$( )`, scripts … */
  maxDepth: number;
  maxSegments: number;
}

export const DEFAULT_LIMITS: Limits = { maxLength: 64 * 1024, maxDepth: 8, maxSegments: 2048 };

export interface Parsed {
  segments: Segment[];
  errors: string[];
  /** Set when a limit stopped parsing. */
  limit: string | undefined;
}

interface State {
  out: Segment[];
  errors: string[];
  limits: Limits;
  limit: string | undefined;
}

interface Io {
  redirects: Redirect[];
  stdin: Body | undefined;
}

function room(st: State, depth: number): boolean {
  if (st.limit) return false;
  if (depth > st.limits.maxDepth) st.limit = `nesting deeper than ${st.limits.maxDepth} levels`;
  else if (st.out.length >= st.limits.maxSegments) st.limit = `more than ${st.limits.maxSegments} segments`;
  return st.limit === undefined;
}

function parseShell(st: State, code: string, base: number, depth: number, origin: Origin): void {
  if (!room(st, depth)) return;
  const lexed = lex(code, base);
  st.errors.push(...lexed.errors);
  let prev: Segment | undefined;
  let last: Segment | undefined;
  for (const raw of splitCommands(lexed.tokens, st.errors)) {
    substitutions(st, raw, depth);
    const stdin = raw.bodies[raw.bodies.length - 1] ?? (raw.pipeIn ? prev?.dataOut : undefined);
    const seg = addCommand(st, raw.words, { redirects: raw.redirects, stdin }, depth, origin);
    if (seg) {
      hostSubstitutions(raw, seg);
      link(last, seg, raw.pipeIn && prev !== undefined);
      last = seg;
    }
    prev = seg;
  }
}

function link(last: Segment | undefined, seg: Segment, piped: boolean): void {
  if (!last) return;
  last.next = seg;
  seg.prev = last;
  seg.pipeIn = piped;
}

function parseSub(st: State, sub: Sub, depth: number): void {
  const from = st.out.length;
  parseShell(st, sub.code, sub.start, depth + 1, 'substitution');
  sub.segments = st.out.slice(from);
}

function substitutions(st: State, raw: RawCommand, depth: number): void {
  for (const w of [...raw.words, ...raw.hidden]) for (const sub of w.subs ?? []) parseSub(st, sub, depth);
  for (const body of raw.bodies) {
    if (!body.expand) continue;
    body.subs = collectSubs(body.text, body.start);
    for (const sub of body.subs) parseSub(st, sub, depth);
  }
}

/** The output of a substitution goes into the word (or heredoc) of the command that holds it. */
function hostSubstitutions(raw: RawCommand, seg: Segment): void {
  for (const word of [...raw.words, ...raw.hidden]) {
    for (const sub of word.subs ?? []) for (const s of sub.segments ?? []) s.via ??= { seg, word };
  }
  for (const body of raw.bodies) {
    for (const sub of body.subs ?? []) for (const s of sub.segments ?? []) s.via ??= { seg, stdin: true };
  }
}

/** Segments that run inside `runner` (its `-c` code, stdin, script) write to its output. */
function adopt(st: State, from: number, to: number, runner: Segment): void {
  for (let i = from; i < to; i++) st.out[i].via ??= { seg: runner };
}

/** Commands the core packs guard; an unknown command word (`$CMD`, `$(…)`) is judged as each of them. */
const STAND_INS = ['rm', 'git'];

function addStandIns(st: State, seg: Segment, io: Io, depth: number): void {
  const [first, ...rest] = seg.words;
  if (!first || (first.value[0] !== '$' && first.value[0] !== '`')) return;
  for (const value of STAND_INS) {
    if (!room(st, depth)) return;
    const unwrapped = { words: [{ ...first, value, subs: undefined }, ...rest], readOnly: seg.readOnly, fromXargs: seg.fromXargs };
    st.out.push(makeSegment({ unwrapped, redirects: io.redirects, stdin: io.stdin, depth, origin: 'dynamic' }));
  }
}

function addCommand(st: State, words: Word[], io: Io, depth: number, origin: Origin): Segment | undefined {
  const unwrapped = unwrap(words);
  const codeFrom = st.out.length;
  if (unwrapped.code) parseShell(st, unwrapped.code.text, unwrapped.code.start, depth + 1, 'shell-c');
  if (!unwrapped.words.length && !io.redirects.length) return undefined;
  if (!room(st, depth)) return undefined;
  const codeTo = st.out.length;
  const seg = makeSegment({ unwrapped, redirects: io.redirects, stdin: io.stdin, depth, origin });
  st.out.push(seg);
  addStandIns(st, seg, io, depth);
  const nestedFrom = st.out.length;
  for (const nested of nestedOf(seg)) dispatch(st, nested, depth + 1);
  adopt(st, codeFrom, codeTo, seg);
  adopt(st, nestedFrom, st.out.length, seg);
  return seg;
}

function dispatch(st: State, n: Nested, depth: number): void {
  if (n.kind === 'shell') return parseShell(st, n.code, n.start, depth, n.origin);
  if (n.kind === 'words') {
    addCommand(st, n.words, { redirects: [], stdin: undefined }, depth, n.origin);
    return;
  }
  if (!room(st, depth)) return;
  st.out.push(makeScriptSegment(n.lang, n.cmd, n.code, n.start, depth));
  for (const out of shellOuts(n.lang, n.code)) parseShell(st, out.code, n.start + out.at, depth + 1, 'script');
}

/** Lexes, splits, unwraps and classifies `command`; offsets in segments point into `command`. */
export function parseCommand(command: string, limits: Limits = DEFAULT_LIMITS): Parsed {
  const st: State = { out: [], errors: [], limits, limit: undefined };
  parseShell(st, command, 0, 0, 'command');
  return { segments: st.out, errors: st.errors, limit: st.limit };
}
