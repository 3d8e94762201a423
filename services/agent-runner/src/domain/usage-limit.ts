/** Defaults of the backoff after a resume that met the usage limit again. */
export const RESUME_BACKOFF_MS = 2000;
export const RESUME_MAX_BACKOFF_MS = 300_000;

/**
 * How long after now a usage-limited agent is resumed: until its reset, plus an exponential backoff when `tries` resumes
 * in a row met the limit again (backoffMs · 2^(tries-1), at most maxBackoffMs), plus up to jitterMs of random delay so
 * a fleet does not all go at once.
 */
export function resumeDelayMs(o: {
  resumeAt: string;
  now: number;
  tries: number;
  backoffMs?: number;
  maxBackoffMs?: number;
  jitterMs: number;
  random?: () => number;
}): { totalMs: number; backoffMs: number; jitterMs: number } {
  const untilReset = Math.max(0, Date.parse(o.resumeAt) - o.now) || 0;
  const backoffMs = o.tries <= 0 ? 0 : Math.min(o.maxBackoffMs ?? RESUME_MAX_BACKOFF_MS, (o.backoffMs ?? RESUME_BACKOFF_MS) * 2 ** (o.tries - 1));
  const jitterMs = Math.floor((o.random ?? Math.random)() * o.jitterMs);
  return { totalMs: untilReset + backoffMs + jitterMs, backoffMs, jitterMs };
}

/** A usage or rate limit a CLI or agent reported as text, and when it says the limit resets. */
export interface TextLimit {
  resumeAt: string;
  message: string;
}

/** How long to wait when a limit names no reset. */
export const DEFAULT_LIMIT_WAIT_MS = 60_000;

// Errors that mean the model API's rate or usage limit (OpenAI, Anthropic, Gemini wording), not any other failure.
const LIMIT_ERROR =
  /\b429\b|too many requests|rate[ _-]?limit(?:ed| exceeded| reached|_error)?|usage[ _-]?limit(?:_reached| reached)?|quota exceeded|resource[ _]exhausted|hit your (?:usage )?limit/i;
// What a Claude Code pane shows at a limit (a terminal carries any text: only these count there).
const PANE_LIMIT =
  /claude (?:ai )?usage limit reached|you(?:'|’)ve hit your (?:usage )?limit|(?:5-hour|weekly|session|usage) limit reached|API Error:.*\b429\b/i;

/** When the text says the limit resets: `|<epoch s>`, an ISO time, "in 20s / 2 minutes", "resets at 3pm / 15:00"; else undefined. */
export function resetFromText(text: string, now: number): number | undefined {
  const epoch = /\|(\d{10})\b/.exec(text);
  if (epoch) return Number(epoch[1]) * 1000;
  const iso = /\b(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))/.exec(text);
  if (iso && !Number.isNaN(Date.parse(iso[1]!))) return Date.parse(iso[1]!);
  const rel = /(?:in|after)\s+(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?)\b/i.exec(text);
  if (rel) {
    const n = Number(rel[1]);
    const unit = rel[2]!.toLowerCase();
    const ms = unit.startsWith('ms') || unit.startsWith('milli') ? 1 : unit.startsWith('h') ? 3_600_000 : unit.startsWith('m') ? 60_000 : 1000;
    return now + Math.round(n * ms);
  }
  const clock = /resets?\s+(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\b/i.exec(text);
  if (clock && (clock[2] !== undefined || clock[3] !== undefined)) {
    let hour = Number(clock[1]) % (clock[3] ? 12 : 24);
    if (clock[3]?.toLowerCase() === 'pm') hour += 12;
    const at = new Date(now);
    at.setHours(hour, Number(clock[2] ?? 0), 0, 0);
    if (at.getTime() <= now) at.setDate(at.getDate() + 1);
    return at.getTime();
  }
  return undefined;
}

/** A model-API limit in an error text (codex's and ACP agents' errors), with its reset; undefined for any other error. */
export function limitFromError(text: string, now: number, waitMs = DEFAULT_LIMIT_WAIT_MS): TextLimit | undefined {
  if (!LIMIT_ERROR.test(text)) return undefined;
  return { resumeAt: new Date(resetFromText(text, now) ?? now + waitMs).toISOString(), message: `usage limit: ${text.trim().slice(0, 300)}` };
}

/** A Claude Code usage-limit line in a terminal pane (tmux driver), with its reset. */
export function limitFromPane(line: string, now: number, waitMs = DEFAULT_LIMIT_WAIT_MS): TextLimit | undefined {
  if (!PANE_LIMIT.test(line)) return undefined;
  return { resumeAt: new Date(resetFromText(line, now) ?? now + waitMs).toISOString(), message: `usage limit: ${line.trim().slice(0, 300)}` };
}

/**
 * An ACP agent's failed prompt that means a model-API limit. Gemini CLI answers session/prompt with the HTTP status as
 * the JSON-RPC error code (429) and the API's message, e.g. "Resource has been exhausted (e.g. check quota).\nSuggested
 * retry after 3s." (its text for a RetryInfo retryDelay; "Please retry in 37.5s" in Google's own quota messages) — no
 * limit wording in the text, so the code decides; other agents' limit errors are recognised by their text.
 */
export function limitFromAcpError(
  err: { code?: unknown; message?: string; data?: unknown },
  now: number,
  waitMs = DEFAULT_LIMIT_WAIT_MS,
): TextLimit | undefined {
  const text = [err.message ?? '', err.data === undefined ? '' : JSON.stringify(err.data)].join(' ').trim();
  if (err.code === 429) return limitFromError(`429 ${text}`, now, waitMs);
  return limitFromError(text, now, waitMs);
}
