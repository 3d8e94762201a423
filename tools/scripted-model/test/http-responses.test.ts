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

  it('answers a call to a free-form tool the request declares (Codex’s apply_patch) as a custom_tool_call with its raw input', async () => {
    const patch = '*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch\n';
    model.setScript('sk-openai', [{ content: [{ type: 'tool_use', id: 'toolu_p1', name: 'apply_patch', input: { input: patch } }], chunkChars: 8 }]);
    const tools = [
      { type: 'function', name: 'exec_command', parameters: {} },
      { type: 'custom', name: 'apply_patch', format: { type: 'grammar' } },
    ];
    const events = parseSse(await (await post(model.url, { stream: true, tools })).text());
    expect(events.map((e) => e.event).filter((t) => !t.endsWith('.delta'))).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.custom_tool_call_input.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events[2]!.data.item).toMatchObject({ type: 'custom_tool_call', name: 'apply_patch', input: '' });
    const streamed = events
      .filter((e) => e.event === 'response.custom_tool_call_input.delta')
      .map((e) => e.data.delta)
      .join('');
    expect(streamed).toBe(patch);
    expect(events.at(-1)!.data.response.output[0]).toEqual({
      type: 'custom_tool_call',
      id: expect.any(String),
      call_id: 'call_p1',
      name: 'apply_patch',
      input: patch,
      status: 'completed',
    });
    // Without the declaration the same call is a function_call.
    model.setScript('sk-openai', [{ content: [{ type: 'tool_use', id: 'toolu_p2', name: 'apply_patch', input: { input: patch } }] }]);
    expect((await (await post(model.url, { stream: false })).json()).output[0]).toMatchObject({ type: 'function_call', name: 'apply_patch' });
  });
});
