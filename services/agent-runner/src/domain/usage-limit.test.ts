import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMIT_WAIT_MS, limitFromAcpError, limitFromError, limitFromPane, resetFromText, resumeDelayMs } from './usage-limit.ts';

describe('resumeDelayMs', () => {
  const now = Date.parse('2026-12-07T12:00:00Z');
  const at = (s: number) => new Date(now + s * 1000).toISOString();

  it('waits until the reset, plus the jitter drawn', () => {
    expect(resumeDelayMs({ resumeAt: at(5), now, tries: 0, jitterMs: 1000, random: () => 0.5 })).toEqual({ totalMs: 5500, backoffMs: 0, jitterMs: 500 });
  });

  it('a reset already past resumes at once (plus jitter)', () => {
    expect(resumeDelayMs({ resumeAt: at(-30), now, tries: 0, jitterMs: 0 }).totalMs).toBe(0);
  });

  it('backs off exponentially after resumes that met the limit again, up to the cap', () => {
    const b = (tries: number) => resumeDelayMs({ resumeAt: at(0), now, tries, backoffMs: 1000, maxBackoffMs: 10_000, jitterMs: 0 }).backoffMs;
    expect([1, 2, 3, 4, 5, 6].map(b)).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('jitter stays below its bound', () => {
    for (const r of [0, 0.25, 0.999]) expect(resumeDelayMs({ resumeAt: at(0), now, tries: 0, jitterMs: 200, random: () => r }).jitterMs).toBeLessThan(200);
  });
});

describe('limits in text (codex, acp, tmux)', () => {
  const now = Date.parse('2026-12-07T12:00:00Z');
  it('reads a reset from an epoch, an ISO time, a relative wait or a clock time', () => {
    expect(resetFromText('Claude AI usage limit reached|1796652000', now)).toBe(1796652000_000);
    expect(resetFromText('rate limited until 2026-12-07T12:05:00Z', now)).toBe(Date.parse('2026-12-07T12:05:00Z'));
    expect(resetFromText('Rate limit reached. Please try again in 20s.', now)).toBe(now + 20_000);
    expect(resetFromText('retry after 1.5 seconds', now)).toBe(now + 1500);
    expect(resetFromText('try again in 2 minutes', now)).toBe(now + 120_000);
    const at = new Date(resetFromText("You've hit your limit · resets 3pm", now)!);
    expect([at.getHours(), at.getMinutes()]).toEqual([15, 0]);
    expect(at.getTime()).toBeGreaterThan(now);
    expect(resetFromText('something broke', now)).toBeUndefined();
  });

  it('an error is a limit only when it says so; without a reset it waits the default', () => {
    expect(limitFromError('exceeded retry limit, last status: 429 Too Many Requests', now)).toEqual({
      resumeAt: new Date(now + DEFAULT_LIMIT_WAIT_MS).toISOString(),
      message: 'usage limit: exceeded retry limit, last status: 429 Too Many Requests',
    });
    expect(limitFromError('You exceeded your current quota; RESOURCE_EXHAUSTED', now)).toBeDefined();
    expect(limitFromError('usage_limit_reached: try again in 30s', now)?.resumeAt).toBe(new Date(now + 30_000).toISOString());
    expect(limitFromError('stream disconnected before completion', now)).toBeUndefined();
    expect(limitFromError('unexpected status 401 Unauthorized', now)).toBeUndefined();
  });

  it('an ACP prompt error is a limit by its code 429 (Gemini CLI’s text names none) or by its text; the reset is its retry delay', () => {
    // As Gemini CLI 0.61.0 answered session/prompt after a scripted 429 with RetryInfo retryDelay 3s.
    const gemini = { code: 429, message: 'Resource has been exhausted (e.g. check quota).\nSuggested retry after 3s.' };
    expect(limitFromError(gemini.message, now)).toBeUndefined();
    expect(limitFromAcpError(gemini, now)).toEqual({
      resumeAt: new Date(now + 3000).toISOString(),
      message: 'usage limit: 429 Resource has been exhausted (e.g. check quota).\nSuggested retry after 3s.',
    });
    expect(limitFromAcpError({ code: 429, message: 'Rate limit exceeded. Try again later.' }, now)?.resumeAt).toBe(
      new Date(now + DEFAULT_LIMIT_WAIT_MS).toISOString(),
    );
    expect(limitFromAcpError({ code: -32603, message: 'Internal error', data: { details: 'rate_limit_error: please retry in 20s' } }, now)?.resumeAt).toBe(
      new Date(now + 20_000).toISOString(),
    );
    expect(limitFromAcpError({ code: 500, message: 'Resource has been exhausted' }, now)).toBeUndefined();
    expect(limitFromAcpError({ code: -32603, message: 'Internal error' }, now)).toBeUndefined();
  });

  it("a pane counts only Claude Code's own limit texts, not any mention of a rate limit", () => {
    expect(limitFromPane('Claude AI usage limit reached|1796652000', now)?.resumeAt).toBe(new Date(1796652000_000).toISOString());
    expect(limitFromPane('  ⎿  API Error: 429 {"type":"error","error":{"type":"rate_limit_error"}}', now)).toBeDefined();
    expect(limitFromPane("You've hit your limit · resets 3pm", now)).toBeDefined();
    expect(limitFromPane('API Error: Request rejected (429) · usage limit reached', now)).toBeDefined();
    expect(limitFromPane('$ grep "rate limit" notes.txt', now)).toBeUndefined();
  });
});
