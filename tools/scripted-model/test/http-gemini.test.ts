import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedModel, type ScriptedModel } from '../src/index.ts';

const TOOLS = [{ functionDeclarations: [{ name: 'run_shell_command', parameters: { type: 'object' } }] }];
const post = (url: string, method: string, body: object, query = '') =>
  fetch(`${url}/v1beta/models/gemini-2.5-pro:${method}${query}`, {
    method: 'POST',
    headers: { 'x-goog-api-key': 'gem-key', 'content-type': 'application/json' },
    body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }], ...body }),
  });
/** `data:` lines of a Gemini SSE stream, parsed. */
const sse = (text: string) =>
  text
    .split(/\r?\n/)
    .filter((l) => l.startsWith('data: '))
    .map((l) => JSON.parse(l.slice(6)));

describe('Gemini API surface (POST /v1beta/models/<model>:generateContent | :streamGenerateContent)', () => {
  let model: ScriptedModel;
  beforeEach(async () => {
    model = await startScriptedModel({
      scripts: {
        'gem-key': [
          {
            content: [
              { type: 'thinking', thinking: 'plan' },
              { type: 'text', text: 'Running it now.' },
              { type: 'tool_use', id: 'call_1', name: 'run_shell_command', input: { command: 'ls' } },
            ],
            usage: { input_tokens: 100, cache_read_input_tokens: 40, output_tokens: 12 },
            chunkChars: 8,
          },
          { content: [{ type: 'text', text: 'Done.' }], usage: { input_tokens: 7, output_tokens: 2 } },
          { error: { status: 429, message: 'quota', retryAfterMs: 3000 } },
        ],
      },
    });
  });
  afterEach(() => model.close());

  it('streams the scripted turn as SSE chunks: thought, text, a functionCall, then finishReason and usage (cached inside the prompt count)', async () => {
    const res = await post(model.url, 'streamGenerateContent', { tools: TOOLS }, '?alt=sse');
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const chunks = sse(await res.text());
    const parts = chunks.flatMap((c) => c.candidates[0].content.parts);
    expect(parts[0]).toEqual({ text: 'plan', thought: true });
    expect(
      parts
        .filter((p) => typeof p.text === 'string' && !p.thought)
        .map((p) => p.text)
        .join(''),
    ).toBe('Running it now.');
    expect(parts.at(-1)).toEqual({ functionCall: { id: 'call_1', name: 'run_shell_command', args: { command: 'ls' } } });
    const last = chunks.at(-1);
    expect(last.candidates[0].finishReason).toBe('STOP');
    expect(last.usageMetadata).toEqual({ promptTokenCount: 140, candidatesTokenCount: 12, totalTokenCount: 152, cachedContentTokenCount: 40 });
    expect(chunks.slice(0, -1).every((c) => c.usageMetadata === undefined)).toBe(true);
    expect(model.requests().map((r) => [r.path, r.kind, r.key])).toEqual([['/v1beta/models/gemini-2.5-pro:streamGenerateContent', 'main', 'gem-key']]);
  });

  it('answers generateContent with one response; a call without function declarations is a side request that plays no turn', async () => {
    const side = await (
      await post(model.url, 'generateContent', {
        generationConfig: {
          responseJsonSchema: { type: 'object', properties: { next_speaker: { type: 'string', enum: ['user', 'model'] } }, required: ['next_speaker'] },
        },
      })
    ).json();
    expect(JSON.parse(side.candidates[0].content.parts[0].text)).toEqual({ next_speaker: 'user' });
    expect(side.usageMetadata).toMatchObject({ promptTokenCount: 0, candidatesTokenCount: 0 });
    await post(model.url, 'generateContent', { tools: TOOLS });
    const second = await (await post(model.url, 'generateContent', { tools: TOOLS })).json();
    expect(second).toMatchObject({
      candidates: [{ content: { role: 'model', parts: [{ text: 'Done.' }] }, finishReason: 'STOP' }],
      modelVersion: 'gemini-2.5-pro',
    });
    expect(model.requests().map((r) => r.kind)).toEqual(['side', 'main', 'main']);
  });

  it('answers a scripted 429 in the Gemini error shape with RetryInfo and retry-after', async () => {
    await post(model.url, 'generateContent', { tools: TOOLS });
    await post(model.url, 'generateContent', { tools: TOOLS });
    const res = await post(model.url, 'generateContent', { tools: TOOLS });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toEqual({
      error: {
        code: 429,
        message: 'quota',
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '3s' }],
      },
    });
  });

  it('counts tokens without playing a turn, and rejects a body without contents', async () => {
    expect(await (await post(model.url, 'countTokens', {})).json()).toMatchObject({ totalTokens: expect.any(Number) });
    const bad = await fetch(`${model.url}/v1beta/models/gemini-2.5-pro:generateContent`, { method: 'POST', body: '{}' });
    expect(bad.status).toBe(400);
    expect(model.requests().map((r) => r.kind)).toEqual(['other']);
  });
});
