/** Splits text into pieces of at most `size` characters (code points), never returning an empty list. */
export function chunkText(text: string, size: number): string[] {
  const chars = Array.from(text);
  if (chars.length === 0) return [''];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}
