export interface SseEvent {
  event: string;
  data: Record<string, any>;
}

/** Parses a complete `text/event-stream` body into its events. */
export function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => {
      const lines = chunk.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      return { event, data: JSON.parse(data) };
    });
}

/** POSTs a Messages API body and returns the response. */
export function postMessages(url: string, body: object, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'sk-test', ...headers },
    body: JSON.stringify({ model: 'claude-test', max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }], ...body }),
  });
}
