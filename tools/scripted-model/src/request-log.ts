import type { IncomingHttpHeaders } from 'node:http';

/** One request the server received, as tests see it through `requests()` or `GET /_requests`. */
export interface RecordedRequest {
  seq: number;
  at: string;
  method: string;
  path: string;
  /** The key the caller presented (x-script-key, x-api-key or bearer token). */
  key: string | null;
  /** The script that answered (the caller's key, or `default`). */
  scriptKey: string | null;
  kind: 'main' | 'side' | 'other';
  /** Index of the scripted turn that answered; null for side requests and default replies. */
  turnIndex: number | null;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** `aborted` when the client hung up before the response ended (e.g. the agent was interrupted). */
  outcome: 'pending' | 'completed' | 'aborted';
}

export type RecordInput = Omit<RecordedRequest, 'seq' | 'at' | 'outcome'>;

/** Bounded in-memory log: the oldest entries go first once `max` is reached. */
export function createRequestLog(max: number) {
  let entries: RecordedRequest[] = [];
  let seq = 0;
  return {
    add(input: RecordInput): RecordedRequest {
      const entry: RecordedRequest = { seq: ++seq, at: new Date().toISOString(), ...input, outcome: 'pending' };
      entries.push(entry);
      if (entries.length > max) entries = entries.slice(entries.length - max);
      return entry;
    },
    list(): RecordedRequest[] {
      return [...entries];
    },
    clear(): void {
      entries = [];
    },
  };
}

export type RequestLog = ReturnType<typeof createRequestLog>;
