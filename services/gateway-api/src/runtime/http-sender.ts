import type { OutgoingMessage } from '../domain/notify-message.ts';

export type SendOutcome = { ok: true; status: number } | { ok: false; status?: number; error: string; retry: boolean };

/** 5xx, 408 and 429 may pass; any other refusal (and a redirect, which is never followed) will not. */
const retryable = (status: number) => status >= 500 || status === 408 || status === 429;

/** One POST with a timeout; redirects are not followed (a webhook URL must answer itself). */
export async function postMessage(url: string, msg: OutgoingMessage, timeoutMs: number): Promise<SendOutcome> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { 'content-type': msg.contentType, 'user-agent': 'flywheel-gateway', ...msg.headers },
      body: msg.body,
    });
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    const what = res.status >= 300 && res.status < 400 ? `redirect ${res.status} not followed` : `HTTP ${res.status}`;
    return { ok: false, status: res.status, error: what, retry: retryable(res.status) };
  } catch (err) {
    const e = err as Error;
    const error = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${e.message}${e.cause ? `: ${(e.cause as Error).message ?? ''}` : ''}`;
    return { ok: false, error: error.slice(0, 500), retry: true };
  }
}
