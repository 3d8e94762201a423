import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedModel, type ScriptedModel } from '../src/index.ts';
import { parseSse } from './helpers/sse.ts';

const post = (url: string, body: object) =>
  fetch(`${url}/v1/responses`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-openai', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-5.5', input: [{ role: 'user', content: 'hi' }], ...body }),
  });

describe('POST /v1/responses', () => {
  let model: ScriptedModel;
  beforeEach(async () => {
    model = await startScriptedModel({
      scripts: {
        'sk-openai': [
          {
            content: [
              { type: 'text', text: 'Running it.' },
              { type: 'tool_use', id: 'toolu_abc', name: 'exec_command', input: { cmd: 'ls' } },
            ],
            usage: { input_tokens: 10, output_tokens: 3, cache_read_input_tokens: 5 },
            chunkChars: 4,
          },
        ],
      },
    });
  });
  afterEach(() => model.close());

  it('streams the turn as Responses API events with output items and usage', async () => {
    const events = parseSse(await (await post(model.url, { stream: true })).text());

    const types = events.map((e) => e.event).filter((t) => !t.endsWith('.delta'));
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.data.sequence_number)).toEqual(events.map((_, i) => i));
    const text = events
      .filter((e) => e.event === 'response.output_text.delta')
      .map((e) => e.data.delta)
      .join('');
    expect(text).toBe('Running it.');
    const done = events.at(-1)!.data.response;
    expect(done.output[1]).toMatchObject({ type: 'function_call', call_id: 'call_abc', name: 'exec_command', arguments: '{"cmd":"ls"}' });
    expect(done.usage).toMatchObject({ input_tokens: 15, input_tokens_details: { cached_tokens: 5 }, output_tokens: 3 });
  });

  it('answers a non-streaming request with the completed response object', async () => {
    const body = await (await post(model.url, { stream: false })).json();

    expect(body).toMatchObject({ object: 'response', status: 'completed', model: 'gpt-5.5' });
    expect(body.output.map((i: { type: string }) => i.type)).toEqual(['message', 'function_call']);
  });
});
