/** The whole-command keyword gate: most commands mention no pack keyword and are allowed without parsing. */

const HIDING = /['"\\\u200b-\u200d\u2060\ufeff]/;
const HIDING_ALL = /['"\\\u200b-\u200d\u2060\ufeff]/g;

function firstKeyword(keywords: readonly string[], text: string): string | undefined {
  for (const k of keywords) if (text.includes(k)) return k;
  return undefined;
}

/** The keyword that sends the command to the full pipeline, or undefined when it can be allowed outright. */
export function gateKeyword(keywords: readonly string[], command: string): string | undefined {
  const lower = command.toLowerCase();
  const hit = firstKeyword(keywords, lower);
  if (hit !== undefined) return hit;
  // ANSI-C quoting can spell any word (`$'\x72m'`), so it always gets the full parse.
  if (lower.includes("$'")) return "$'";
  // `r''m`, `g\it`, zero-width joiners: quotes and escapes may split a keyword.
  return HIDING.test(lower) ? firstKeyword(keywords, lower.replace(HIDING_ALL, '')) : undefined;
}
