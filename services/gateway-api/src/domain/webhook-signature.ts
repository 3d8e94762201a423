import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-flywheel-signature';
export const TIMESTAMP_HEADER = 'x-flywheel-timestamp';

/** `v1=` + hex HMAC-SHA256 of `<unix seconds>.<body>` with the endpoint's secret (Stripe's scheme). */
export const signWebhook = (secret: string, unixS: number, body: string): string =>
  `v1=${createHmac('sha256', secret).update(`${unixS}.${body}`).digest('hex')}`;

/** What a receiver checks: the signature matches and the timestamp is recent (replays are refused). */
export function verifyWebhook(secret: string, headers: { signature?: string; timestamp?: string }, body: string, nowS: number, toleranceS = 300): boolean {
  const ts = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(ts) || Math.abs(nowS - ts) > toleranceS) return false;
  const want = Buffer.from(signWebhook(secret, ts, body));
  const got = Buffer.from(headers.signature);
  return want.length === got.length && timingSafeEqual(want, got);
}
