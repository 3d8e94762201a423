import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedModel, type ScriptedModel, type TurnInput } from '../src/index.ts';
import { parseSse, postMessages } from './helpers/sse.ts';

const TOOL_TURN: TurnInput = {
  id: 'msg_scripted_1',
  model: 'claude-sonnet-4-5-20250929',
  content: [
    { type: 'thinking', thinking: 'I should list the files first.' },
    { type: 'text', text: 'Listing the files in this directory now.' },
    { type: 'tool_use', id: 'toolu_fixed', name: 'Bash', input: { command: 'ls -la', description: 'list' } },
  ],
  usage: {
    input_tokens: 120,
    output_tokens: 45,
    cache_read_input_tokens: 900,
    cache_creation: { ephemeral_5m_input_tokens: 30, ephemeral_1h_input_tokens: 70 },
  },
  chunkChars: 8,
};

describe('POST /v1/messages', () => {
  let model: ScriptedModel;
  beforeEach(async () => {
    model = await startScriptedModel({ script: [TOOL_TURN] });
  });
  afterEach(() => model.close());

  it('streams a scripted turn as Anthropic SSE events in order', async () => {
    const res = await postMessages(model.url, { stream: true });
    const events = parseSse(await res.text());

    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const order = events.map((e) => e.event).filter((e) => e !== 'content_block_delta');
    expect(order).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_stop',
      'content_block_start',
      'content_block_stop',
      'content_block_start',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    for (const e of events) expect(e.data.type).toBe(e.event);
    const start = events[0].data.message;
    expect(start).toMatchObject({ id: 'msg_scripted_1', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [] });
    expect(start.usage).toMatchObject({
      input_tokens: 120,
      cache_read_input_tokens: 900,
      cache_creation_input_tokens: 100,
      cache_creation: { ephemeral_5m_input_tokens: 30, ephemeral_1h_input_tokens: 70 },
    });
    const last = events.at(-2)!.data;
    expect(last.delta).toEqual({ stop_reason: 'tool_use', stop_sequence: null });
    expect(last.usage).toMatchObject({ output_tokens: 45, input_tokens: 120 });
  });

  it('rebuilds every block from its deltas', async () => {
    const events = parseSse(await (await postMessages(model.url, { stream: true })).text());
    const deltas = (index: number) => events.filter((e) => e.event === 'content_block_delta' && e.data.index === index).map((e) => e.data.delta);

    expect(
      deltas(0)
        .filter((d) => d.type === 'thinking_delta')
        .map((d) => d.thinking)
        .join(''),
    ).toBe('I should list the files first.');
    expect(deltas(0).at(-1)).toMatchObject({ type: 'signature_delta' });
    expect(
      deltas(1)
        .map((d) => d.text)
        .join(''),
    ).toBe('Listing the files in this directory now.');
    expect(deltas(1).length).toBeGreaterThan(1);
    const toolStart = events.find((e) => e.event === 'content_block_start' && e.data.index === 2)!;
    expect(toolStart.data.content_block).toEqual({ type: 'tool_use', id: 'toolu_fixed', name: 'Bash', input: {} });
    expect(deltas(2)[0]).toEqual({ type: 'input_json_delta', partial_json: '' });
    expect(
      JSON.parse(
        deltas(2)
          .map((d) => d.partial_json)
          .join(''),
      ),
    ).toEqual({ command: 'ls -la', description: 'list' });
  });

  it('answers a non-streaming request with the complete message', async () => {
    const res = await postMessages(model.url, { stream: false });
    const body = await res.json();

    expect(res.status).toBe(200);
    expect(body).toMatchObject({
      id: 'msg_scripted_1',
      type: 'message',
      role: 'assistant',
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 120, output_tokens: 45, cache_creation_input_tokens: 100 },
    });
    expect(body.content.map((b: { type: string }) => b.type)).toEqual(['thinking', 'text', 'tool_use']);
    expect(body.content[2].input).toEqual({ command: 'ls -la', description: 'list' });
  });

  it('gives each response its own message id and tool ids unless the turn sets them', async () => {
    model.setScript('default', [
      { content: [{ type: 'tool_use', name: 'Read', input: { file_path: '/x' } }] },
      { content: [{ type: 'tool_use', name: 'Read', input: { file_path: '/x' } }] },
    ]);
    const a = await (await postMessages(model.url, {})).json();
    const b = await (await postMessages(model.url, {})).json();

    expect(a.id).toMatch(/^msg_/);
    expect(a.id).not.toBe(b.id);
    expect(a.content[0].id).toMatch(/^toolu_/);
    expect(a.content[0].id).not.toBe(b.content[0].id);
  });

  it('reports the requested model and end_turn when the turn names neither', async () => {
    model.setScript('default', [{ content: [{ type: 'text', text: 'hello' }] }]);
    const body = await (await postMessages(model.url, { model: 'claude-haiku-4-5' })).json();

    expect(body).toMatchObject({ model: 'claude-haiku-4-5', stop_reason: 'end_turn', content: [{ type: 'text', text: 'hello' }] });
  });

  it('answers an error turn with its status and Anthropic error body', async () => {
    model.setScript('default', [{ error: { status: 529, type: 'overloaded_error', message: 'Overloaded' }, headers: { 'retry-after': '0' } }]);
    const res = await postMessages(model.url, { stream: true });

    expect(res.status).toBe(529);
    expect(res.headers.get('retry-after')).toBe('0');
    expect(await res.json()).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  });

  it('when the client goes away mid-turn, moves on to the next turn', async () => {
    model.setScript('default', [
      { content: [{ type: 'text', text: 'a long answer that streams slowly' }], delayMs: 50, chunkChars: 2 },
      { content: [{ type: 'text', text: 'next' }] },
    ]);
    const reader = (await postMessages(model.url, { stream: true })).body!.getReader();
    const first = await reader.read();
    await reader.cancel();

    const next = await (await postMessages(model.url, {})).json();
    expect(new TextDecoder().decode(first.value)).toContain('message_start');
    expect(next.content).toEqual([{ type: 'text', text: 'next' }]);
  });

  it('rejects a body without messages with 400 invalid_request_error', async () => {
    const res = await fetch(`${model.url}/v1/messages`, { method: 'POST', body: JSON.stringify({ model: 'x' }) });

    expect(res.status).toBe(400);
    expect((await res.json()).error.type).toBe('invalid_request_error');
  });
});
