import type { ServerResponse } from 'node:http';
import type { RecordedRequest } from './request-log.ts';

/**
 * Records how the response ended on its log entry and returns a signal that aborts when the client
 * hangs up before the end (e.g. the agent was interrupted mid-turn).
 */
export function trackOutcome(res: ServerResponse, entry: RecordedRequest): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    entry.outcome = res.writableFinished ? 'completed' : 'aborted';
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
