import { ApiError } from './api.ts';

/** What an error view shows: the server's message and its request id when the server answered. */
export interface ShownError {
  message: string;
  code?: string;
  requestId?: string;
  status?: number;
  details?: unknown;
}

export function shownError(e: unknown): ShownError {
  if (e instanceof ApiError) return { message: e.body.message, code: e.body.code, requestId: e.body.requestId, status: e.status, details: e.body.details };
  if (e instanceof Error) return { message: e.message };
  return { message: String(e) };
}
