/** Decodes bash `$'...'` strings so `$'\x72m'` is seen as `rm`, and the escapes of printf and `echo -e`. */

const SIMPLE: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

const HEX = /^[0-9a-fA-F]/;
const OCT = /^[0-7]/;

function takeWhile(s: string, i: number, max: number, re: RegExp): string {
  let j = i;
  while (j < s.length && j - i < max && re.test(s[j])) j++;
  return s.slice(i, j);
}

function decodeEscape(s: string, i: number): { text: string; next: number } {
  const c = s[i];
  if (c in SIMPLE) return { text: SIMPLE[c], next: i + 1 };
  const radix = c === 'x' || c === 'u' || c === 'U' ? 16 : 0;
  if (radix) {
    const digits = takeWhile(s, i + 1, c === 'x' ? 2 : c === 'u' ? 4 : 8, HEX);
    if (!digits) return { text: '\\' + c, next: i + 1 };
    return { text: String.fromCodePoint(Math.min(parseInt(digits, 16), 0x10ffff)), next: i + 1 + digits.length };
  }
  if (OCT.test(c)) {
    const digits = takeWhile(s, i, 3, OCT);
    return { text: String.fromCharCode(parseInt(digits, 8) & 0xff), next: i + digits.length };
  }
  if (c === 'c' && i + 1 < s.length) return { text: String.fromCharCode(s.charCodeAt(i + 1) & 0x1f), next: i + 2 };
  return { text: '\\' + (c ?? ''), next: i + 1 };
}

/** Reads from just after `$'`; returns the decoded text and the index after the closing quote. */
export function readAnsiC(s: string, i: number): { text: string; next: number; closed: boolean } {
  let text = '';
  let j = i;
  while (j < s.length) {
    const c = s[j];
    if (c === "'") return { text, next: j + 1, closed: true };
    if (c === '\\' && j + 1 < s.length) {
      const esc = decodeEscape(s, j + 1);
      text += esc.text;
      j = esc.next;
    } else {
      text += c;
      j++;
    }
  }
  return { text, next: j, closed: false };
}

/** Decodes backslash escapes the way `printf` formats and `echo -e` do (`\x72`, `\162`, `\n`). */
export function decodeEscapes(s: string): string {
  let text = '';
  for (let i = 0; i < s.length;) {
    if (s[i] === '\\' && i + 1 < s.length) {
      const esc = decodeEscape(s, i + 1);
      text += esc.text;
      i = esc.next;
    } else text += s[i++];
  }
  return text;
}
