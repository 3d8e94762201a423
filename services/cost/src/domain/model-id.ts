/**
 * Model id spellings. Agents and gateways decorate the same model many ways:
 * `anthropic/claude-sonnet-4-5`, `us.anthropic.claude-sonnet-4-5-20250929-v1:0`,
 * `claude-sonnet-4-5@20250929`, `claude-opus-4-8[1m]`, `gpt-5-2025-08-07`, `gpt-5-chat-latest`.
 */

/** One stripping step: a rewrite that removes a decoration (or returns the id unchanged). */
type Step = (id: string) => string;

const STEPS: readonly Step[] = [
  (id) => id.trim().toLowerCase(),
  (id) => id.replace(/\[[^\]]*\]$/, ''), // Claude Code context suffix: [1m], [2m]
  (id) => id.slice(id.lastIndexOf('/') + 1), // router prefixes: anthropic/, bedrock/, openrouter/x/
  (id) => id.replace(/^(?:[a-z]{2,6}\.)?(?:anthropic|openai|google|amazon)\./, ''), // Bedrock: us.anthropic.
  (id) => id.replace(/(?:-v\d+)?(?::\d+)?$/, ''), // Bedrock version: -v1:0, -v2
  (id) => id.replace(/@[\w-]+$/, ''), // Vertex snapshot: @20250929, @latest
  (id) => id.replace(/-(?:\d{8}|\d{4}-\d{2}-\d{2})$/, ''), // dated snapshot
  (id) => id.replace(/-latest$/, ''),
  (id) => id.replace(/-(?:preview|exp)(?:-[\d-]+)?$/, ''), // gemini-2.5-pro-preview-06-05
  (id) => id.replace(/^(claude-(?:opus|sonnet|haiku)-\d+)-0$/, '$1'), // claude-opus-4-0 → claude-opus-4
  (id) =>
    id.replace(/^claude-(\d+)(?:-(\d+))?-([a-z]+)$/, (_m, major: string, minor: string | undefined, name: string) =>
      Number(major) >= 4 ? `claude-${name}-${major}${minor ? `-${minor}` : ''}` : _m,
    ), // claude-4-opus → claude-opus-4 (3.x ids keep the old order, as the card does)
];

/**
 * The successive spellings of an id, each with one more decoration removed, without repeats.
 * The first element is the lowercased id; the last is the fully normalised one.
 */
export function idVariants(model: string): string[] {
  const out: string[] = [];
  let id = model;
  for (const step of STEPS) {
    id = step(id);
    if (id && !out.includes(id)) out.push(id);
  }
  return out;
}

/** A model id split into family and version: `claude-opus-4-8` → `claude-opus` 4.8. */
export interface ModelFamily {
  family: string;
  major: number;
  minor: number;
}

const CLAUDE_NEW = /^claude-([a-z]+)-(\d+)(?:-(\d{1,2}))?$/;
const CLAUDE_OLD = /^claude-(\d+)(?:-(\d{1,2}))?-([a-z]+)$/;
const GENERIC = /^([a-z]+)-(\d+)(?:\.(\d+))?(-[a-z][a-z0-9-]*)?$/;

/** Parses a normalised id into its family, or null when it has no recognisable version. */
export function parseFamily(id: string): ModelFamily | null {
  const fresh = CLAUDE_NEW.exec(id);
  if (fresh) return { family: `claude-${fresh[1]}`, major: Number(fresh[2]), minor: Number(fresh[3] ?? 0) };
  const old = CLAUDE_OLD.exec(id);
  if (old) return { family: `claude-${old[3]}`, major: Number(old[1]), minor: Number(old[2] ?? 0) };
  const generic = GENERIC.exec(id);
  if (generic) return { family: `${generic[1]}-*${generic[4] ?? ''}`, major: Number(generic[2]), minor: Number(generic[3] ?? 0) };
  return null;
}
