import { z } from 'zod';

/** The closed error vocabulary shared by every wire (HTTP, NATS, WS). */
export const ErrorCode = z.enum([
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'NOT_ACCEPTABLE',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNPROCESSABLE',
  'BUDGET_EXCEEDED',
  'BLOCKED_BY_POLICY',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'TIMEOUT',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** HTTP status per code; adding a code without a status does not compile. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  NOT_ACCEPTABLE: 406,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  // 422: well-formed but not acceptable as sent, e.g. an Idempotency-Key reused with another request.
  UNPROCESSABLE: 422,
  // 402 Payment Required: the spend cap is reached; 429 stays for request-rate limits.
  BUDGET_EXCEEDED: 402,
  BLOCKED_BY_POLICY: 403,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
  INTERNAL: 500,
};

/** The one error body: HTTP `{error}`, NATS `{ok:false,error}`, WS `{type:'error',error}`. */
export const ErrorBody = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.unknown().optional(),
  requestId: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** The only error type thrown inside a process; converted to ErrorBody at every edge. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toBody(requestId?: string): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message };
    if (this.details !== undefined) body.details = this.details;
    if (requestId) body.requestId = requestId;
    return body;
  }

  static from(body: ErrorBody): AppError {
    return new AppError(body.code, body.message, body.details);
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Unknown errors become INTERNAL; the original is never sent over a wire. */
export function toErrorBody(e: unknown, requestId?: string): ErrorBody {
  if (isAppError(e)) return e.toBody(requestId);
  const body: ErrorBody = { code: 'INTERNAL', message: 'internal error' };
  if (requestId) body.requestId = requestId;
  return body;
}

/** Turns zod issues into a BAD_REQUEST naming each offending path. */
export function badRequestFromZod(error: z.ZodError, what = 'input'): AppError {
  const issues = error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new AppError('BAD_REQUEST', `invalid ${what}: ${summary}`, { issues });
}

/** Parses with a schema, throwing BAD_REQUEST (never INTERNAL) on failure. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what?: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw badRequestFromZod(r.error, what);
  return r.data;
}
