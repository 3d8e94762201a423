import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { blockDeltas, emptyBlock, finalDelta, startMessage } from './anthropic-message.ts';
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
  const send = (type: string, payload: object) => {
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`);
  };
  const pause = () => (turn.delayMs > 0 ? sleep(turn.delayMs, undefined, { signal }) : Promise.resolve());
  try {
    send('message_start', { message: startMessage(turn) });
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
    send('message_delta', finalDelta(turn));
    send('message_stop', {});
    res.end();
  } catch (err) {
    if (!signal.aborted) throw err;
    res.destroy();
  }
}
