import { ErrorBody } from '@flywheel/contracts';
import type { z } from 'zod';

export class ApiError extends Error {
  constructor(readonly status: number, readonly body: ErrorBody) {
    super(body.message);
  }
}

/** Fetches JSON and parses it with a contracts schema; errors come back as ApiError with the shared body. */
export async function getJson<S extends z.ZodType>(path: string, schema: S, init?: RequestInit): Promise<z.infer<S>> {
  const res = await fetch(path, { ...init, headers: { accept: 'application/json', ...(init?.headers ?? {}) } });
  const json: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const parsed = ErrorBody.safeParse((json as { error?: unknown })?.error);
    throw new ApiError(res.status, parsed.success ? parsed.data : { code: 'INTERNAL', message: `HTTP ${res.status}` });
  }
  return schema.parse(json);
}
