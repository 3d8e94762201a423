import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { blockDeltas, emptyBlock } from './anthropic-message.ts';
import { newId } from './ids.ts';
import type { ResolvedTurn } from './resolve-turn.ts';

/**
 * Streams one turn as Anthropic's SSE sequence: message_start, ping, content_block_start/delta/stop
 * per block, message_delta, message_stop. Stops quietly when `signal` aborts (the client went away).
 */
export async function streamTurn(res: ServerResponse, turn: ResolvedTurn, signal: AbortSignal): Promise<void> {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'request-id': newId('req'),
    ...turn.headers,
  });
  const send = (type: string, payload: Record<string, unknown>) => {
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`);
  };
  const pause = () => (turn.delayMs > 0 ? sleep(turn.delayMs, undefined, { signal }) : Promise.resolve());
  const { usage } = turn;
  try {
    send('message_start', {
      message: {
        id: turn.id, type: 'message', role: 'assistant', model: turn.model, content: [],
        stop_reason: null, stop_sequence: null,
        // Like the real API: message_start reports input-side usage; output arrives with message_delta.
        usage: { ...usage, output_tokens: Math.min(1, usage.output_tokens) },
      },
    });
    send('ping', {});
    for (const [index, block] of turn.content.entries()) {
      await pause();
      send('content_block_start', { index, content_block: emptyBlock(block) });
      for (const delta of blockDeltas(block, turn.chunkChars)) {
        await pause();
        send('content_block_delta', { index, delta });
      }
      send('content_block_stop', { index });
    }
    await pause();
    send('message_delta', {
      delta: { stop_reason: turn.stopReason, stop_sequence: null },
      usage: {
        input_tokens: usage.input_tokens,
        cache_creation_input_tokens: usage.cache_creation_input_tokens,
        cache_read_input_tokens: usage.cache_read_input_tokens,
        output_tokens: usage.output_tokens,
      },
    });
    send('message_stop', {});
    res.end();
  } catch (err) {
    if (!signal.aborted) throw err;
    res.destroy();
  }
}
