import type { Alert, EndpointKind } from '@flywheel/contracts';

/** One HTTP request to make: body and content type per channel kind (signing happens at send time). */
export interface OutgoingMessage {
  body: string;
  contentType: string;
  headers: Record<string, string>;
}

const NTFY_PRIORITY: Record<Alert['severity'], string> = { info: '3', warning: '4', critical: '5' };

/** A one-line human summary: `[critical] service_unavailable: safety did not answer 2 health checks`. */
export const alertLine = (a: Alert): string => `[${a.severity}] ${a.rule}: ${a.title}`;

/** Webhook: the alert as JSON; Slack-compatible: `{text}`; ntfy: plain text with a title and priority. */
export function messageFor(kind: EndpointKind, deliveryId: string, a: Alert): OutgoingMessage {
  if (kind === 'webhook') return { body: JSON.stringify({ type: 'alert', deliveryId, alert: a }), contentType: 'application/json', headers: {} };
  if (kind === 'slack') return { body: JSON.stringify({ text: alertLine(a) }), contentType: 'application/json', headers: {} };
  return {
    body: a.title,
    contentType: 'text/plain; charset=utf-8',
    headers: { title: `Flywheel ${a.severity}: ${a.rule}`.replace(/[^\x20-\x7e]/g, '?'), priority: NTFY_PRIORITY[a.severity], tags: a.rule },
  };
}

/** Wait before attempt `n + 1` after `n` failed ones: base, 2×base, 4×base, … up to maxMs. */
export const backoffMs = (failed: number, baseMs: number, maxMs = 300_000): number => Math.min(baseMs * 2 ** Math.max(0, failed - 1), maxMs);
