/** Look-alike characters folded one-for-one so offsets into the command stay valid. */

const DASHES = /[\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]/g;
const SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL on purpose
const NON_ASCII = /[^\x00-\x7F]/;

/** Zero-width characters: the lexer skips them inside words. */
export const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/;

/** Replaces Unicode dashes with `-` and Unicode spaces with ` `, keeping the length unchanged. */
export function foldLookalikes(command: string): string {
  if (!NON_ASCII.test(command)) return command;
  return command.replace(DASHES, '-').replace(SPACES, ' ');
}

/** Whether a character is one the lexer drops (zero-width joiners, BOM). */
export function isZeroWidth(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return (code >= 0x200b && code <= 0x200d) || code === 0x2060 || code === 0xfeff;
}
