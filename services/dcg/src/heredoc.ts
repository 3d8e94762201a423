/** Reads heredoc bodies once the line that introduced them ends. */
import type { Body } from './shell-types.ts';

export interface PendingHeredoc {
  delimiter: string;
  stripTabs: boolean;
  expand: boolean;
  /** Receives the body when it has been read. */
  target: { body?: Body };
}

function lineMatches(line: string, p: PendingHeredoc): boolean {
  let text = p.stripTabs ? line.replace(/^\t+/, '') : line;
  if (text.endsWith('\r')) text = text.slice(0, -1);
  return text === p.delimiter;
}

function readOne(s: string, i: number, base: number, p: PendingHeredoc): number {
  let lineStart = i;
  while (lineStart < s.length) {
    let lineEnd = s.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = s.length;
    if (lineMatches(s.slice(lineStart, lineEnd), p)) {
      p.target.body = { text: s.slice(i, lineStart), start: base + i, expand: p.expand };
      return Math.min(lineEnd + 1, s.length);
    }
    lineStart = lineEnd + 1;
  }
  // Unterminated: bash warns and uses everything up to end of input.
  p.target.body = { text: s.slice(i), start: base + i, expand: p.expand };
  return s.length;
}

/** Reads every pending body starting at `i` (just after a newline) and returns where lexing resumes. */
export function readHeredocBodies(s: string, i: number, base: number, pending: PendingHeredoc[]): number {
  for (const p of pending) i = readOne(s, i, base, p);
  pending.length = 0;
  return i;
}
