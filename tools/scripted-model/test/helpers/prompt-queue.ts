import type { SDKUserMessage } from '@anthropic-ai/claude-agent-sdk';

export const userMessage = (text: string): SDKUserMessage => ({
  type: 'user',
  message: { role: 'user', content: text },
  parent_tool_use_id: null,
});

/** A prompt stream the test pushes follow-up messages into, as the sdk driver does. */
export function promptQueue() {
  const pending: SDKUserMessage[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  return {
    push(message: SDKUserMessage) {
      pending.push(message);
      wake?.();
    },
    close() {
      closed = true;
      wake?.();
    },
    async *stream(): AsyncGenerator<SDKUserMessage> {
      while (!closed || pending.length > 0) {
        if (pending.length === 0) await new Promise<void>((r) => (wake = r));
        const next = pending.shift();
        if (next) yield next;
      }
    },
  };
}
