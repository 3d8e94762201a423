/** The whole-command keyword gate: most commands mention no pack keyword and are allowed without parsing. */

const HIDING = /['"\\\u200b-\u200d\u2060\ufeff]/;
const HIDING_ALL = /['"\\\u200b-\u200d\u2060\ufeff]/g;
const ESCAPE = /\\(?:x[0-9a-f]|[0-7]{3})/;

/** One regex for a keyword list: an alternation of literals is several times faster than a loop of `includes`. */
export function keywordRegex(keywords: readonly string[]): RegExp {
  if (!keywords.length) return /(?!)/;
  return new RegExp(keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'));
}

function firstKeyword(keywords: RegExp, text: string): string | undefined {
  return keywords.exec(text)?.[0];
}

/** The keyword that sends the command to the full pipeline, or undefined when it can be allowed outright. */
export function gateKeyword(list: readonly string[] | RegExp, command: string): string | undefined {
  const keywords = list instanceof RegExp ? list : keywordRegex(list);
  const lower = command.toLowerCase();
  const hit = firstKeyword(keywords, lower);
  if (hit !== undefined) return hit;
  // ANSI-C quoting and printf escapes can spell any word (`$'\x72m'`, `printf '\162\155'`): always the full parse.
  if (lower.includes("$'")) return "$'";
  const escape = ESCAPE.exec(lower);
  if (escape) return escape[0];
  // `r''m`, `g\it`, zero-width joiners: quotes and escapes may split a keyword.
  return HIDING.test(lower) ? firstKeyword(keywords, lower.replace(HIDING_ALL, '')) : undefined;
}
