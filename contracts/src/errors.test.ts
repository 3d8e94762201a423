import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, ErrorCode, HTTP_STATUS, parseOrThrow, toErrorBody } from './errors.ts';

describe('the error vocabulary', () => {
  it('maps every code to a 4xx or 5xx status', () => {
    for (const code of ErrorCode.options) expect(HTTP_STATUS[code]).toBeGreaterThanOrEqual(400);
  });

  it('turns unknown errors into INTERNAL without leaking the message', () => {
    expect(toErrorBody(new Error('secret path /etc/x'), 'r1')).toEqual({ code: 'INTERNAL', message: 'internal error', requestId: 'r1' });
  });

  it('keeps an AppError as it is', () => {
    expect(toErrorBody(new AppError('NOT_FOUND', 'no agent a1'))).toEqual({ code: 'NOT_FOUND', message: 'no agent a1' });
  });
});

describe('parseOrThrow', () => {
  it('names the offending field in a BAD_REQUEST', () => {
    const schema = z.object({ port: z.number() });
    try {
      parseOrThrow(schema, { port: 'x' }, 'body');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('BAD_REQUEST');
      expect((e as AppError).message).toContain('port');
    }
  });
});
