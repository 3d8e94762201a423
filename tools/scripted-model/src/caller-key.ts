import type { IncomingHttpHeaders } from 'node:http';

/** Which script a request asks for: `x-script-key`, else the API key (`x-api-key`, Gemini's `x-goog-api-key` or bearer token). */
export function callerKey(headers: IncomingHttpHeaders): string | null {
  const explicit = headers['x-script-key'];
  if (typeof explicit === 'string' && explicit !== '') return explicit;
  const apiKey = headers['x-api-key'] ?? headers['x-goog-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return apiKey;
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
  return match ? match[1].trim() : null;
}
