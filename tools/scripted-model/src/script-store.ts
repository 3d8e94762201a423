import type { Turn } from './script-schema.ts';

/** Requests whose key has no script of its own play this one. */
export const DEFAULT_SCRIPT_KEY = 'default';

interface Entry {
  turns: Turn[];
  served: number;
  defaultReply: Turn;
}

export interface NextTurn {
  key: string;
  turn: Turn;
  /** Position in the script, or null when the script ran out and the default reply was used. */
  index: number | null;
}

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
    next(key: string | undefined): NextTurn {
      const [resolved, entry] = entryFor(key);
      if (entry.served >= entry.turns.length) return { key: resolved, turn: entry.defaultReply, index: null };
      const index = entry.served++;
      return { key: resolved, turn: entry.turns[index], index };
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
