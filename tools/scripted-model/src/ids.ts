import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz123456789';

/** A random id in Anthropic's style, e.g. `msg_01Xa...` (24 base58 characters after the prefix). */
export function newId(prefix: string): string {
  const bytes = randomBytes(22);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return `${prefix}_01${out}`;
}
