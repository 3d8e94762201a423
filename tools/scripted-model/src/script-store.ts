import type { Turn } from './script-schema.ts';

/** Requests whose key has no script of its own play this one. */
export const DEFAULT_SCRIPT_KEY = 'default';

interface Entry {
  turns: Turn[];
  served: number;
  defaultReply: Turn;
  /** The repeating error turn being answered: its index, calls so far and when its window ends. */
  repeat?: { index: number; hits: number; endsAt?: number };
}

export interface NextTurn {
  key: string;
  turn: Turn;
  /** Position in the script, or null when the script ran out and the default reply was used. */
  index: number | null;
  /** For a scripted error: when its window ends (ms since the epoch), for the reset headers. */
  resetAt?: number;
}

const repeats = (t: Turn) => !!t.error && (t.error.times !== undefined || t.error.forMs !== undefined || t.error.until !== undefined);

export interface ScriptStatus {
  total: number;
  served: number;
  remaining: number;
}

/** Scripts by key, each with its own cursor. */
export function createScriptStore(defaultReply: Turn) {
  const scripts = new Map<string, Entry>();
  const set = (key: string, turns: Turn[], reply?: Turn) => {
    scripts.set(key, { turns, served: 0, defaultReply: reply ?? defaultReply });
  };
  set(DEFAULT_SCRIPT_KEY, []);

  const entryFor = (key: string | undefined): [string, Entry] => {
    const found = key === undefined ? undefined : scripts.get(key);
    return found ? [key!, found] : [DEFAULT_SCRIPT_KEY, scripts.get(DEFAULT_SCRIPT_KEY)!];
  };

  return {
    set,
    /** The next turn for `key` (or the default script when `key` has none); advances the cursor. */
    next(key: string | undefined, now = Date.now()): NextTurn {
      const [resolved, entry] = entryFor(key);
      while (entry.served < entry.turns.length) {
        const index = entry.served;
        const turn = entry.turns[index];
        if (!repeats(turn)) {
          entry.served++;
          return { key: resolved, turn, index };
        }
        const e = turn.error!;
        if (entry.repeat?.index !== index) {
          const endsAt = e.until !== undefined ? Date.parse(e.until) : e.forMs !== undefined ? now + e.forMs : undefined;
          entry.repeat = { index, hits: 0, endsAt };
        }
        const r = entry.repeat;
        const used = (e.times !== undefined && r.hits >= e.times) || (r.endsAt !== undefined && now >= r.endsAt);
        if (used) {
          entry.served++;
          entry.repeat = undefined;
          continue;
        }
        r.hits++;
        return { key: resolved, turn, index, resetAt: r.endsAt ?? now + (e.retryAfterMs ?? 1000) };
      }
      return { key: resolved, turn: entry.defaultReply, index: null };
    },
    /** The script key a request with `key` plays, without advancing anything. */
    keyFor(key: string | undefined): string {
      return entryFor(key)[0];
    },
    status(): Record<string, ScriptStatus> {
      const out: Record<string, ScriptStatus> = {};
      for (const [key, e] of scripts) {
        out[key] = { total: e.turns.length, served: e.served, remaining: e.turns.length - e.served };
      }
      return out;
    },
  };
}

export type ScriptStore = ReturnType<typeof createScriptStore>;
