/** How a command word is reduced to the name rules look for. */
import type { Word } from './shell-types.ts';

/** `/usr/bin/Git.exe` → `git`: basename, lowercase (case-insensitive file systems), no `.exe`. */
export function commandName(value: string): string {
  const slash = value.lastIndexOf('/');
  let name = slash >= 0 ? value.slice(slash + 1) : value;
  name = name.toLowerCase();
  return name.endsWith('.exe') ? name.slice(0, -4) : name;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=/;

/** `NAME=value` whose name part was not quoted (a quoted one is a command word in bash). */
export function isAssignment(word: Word): boolean {
  const m = ASSIGNMENT.exec(word.value);
  return m !== null && (word.quotedFrom < 0 || word.quotedFrom >= m[0].length);
}

/** Where nested code starts in the checked command: after the opening quote when there is one. */
export function codeStart(word: Word): number {
  return word.quotedFrom === 0 ? word.start + 1 : word.start;
}
