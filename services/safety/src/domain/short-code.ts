import { createHash, randomInt } from 'node:crypto';

/** Letters and digits a human reads aloud without confusion (no 0/O, 1/I/L). */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A 6-character code a human types to approve a denied command, e.g. `K7Q2MX`. */
export function newShortCode(length = 6): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

export const isShortCode = (s: string): boolean => /^[2-9A-HJKMNP-Z]{6}$/.test(s.toUpperCase());

/** Hash of the exact (unredacted) command: allowlists and approvals match on it without storing secrets. */
export const commandHash = (command: string): string => createHash('sha256').update(command.trim()).digest('hex');
