import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedModel, type ScriptedModel } from '../src/index.ts';
import { postMessages } from './helpers/sse.ts';

const say = (text: string) => ({ content: [{ type: 'text' as const, text }] });
const textOf = async (res: Response) => (await res.json()).content[0].text as string;

const TITLE_REQUEST = {
  system: [{ type: 'text', text: 'Generate a concise, sentence-case title (3-7 words)' }],
  output_config: {
    format: { type: 'json_schema', schema: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] } },
  },
};
const CLAUDE_CODE = { 'user-agent': 'claude-cli/2.1.197 (external, cli)', 'x-app': 'cli' };

describe('scripted model control and routing', () => {
  let model: ScriptedModel;
  beforeEach(async () => {
    model = await startScriptedModel({ script: [say('default 1'), say('default 2')] });
  });
  afterEach(() => model.close());

  it('answers HEAD / and GET / with 200', async () => {
    const head = await fetch(`${model.url}/`, { method: 'HEAD' });
    const get = await fetch(`${model.url}/`);

    expect(head.status).toBe(200);
    expect(get.status).toBe(200);
  });

  it('answers unknown routes with 404 in the Anthropic error shape', async () => {
    const res = await fetch(`${model.url}/v1/nothing-here`);

    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ type: 'error', error: { type: 'not_found_error', message: expect.any(String) } });
  });

  it("plays the script of the caller's API key and the default script to everyone else", async () => {
    model.setScript('sk-agent-a', [say('a 1'), say('a 2')]);
    model.setScript('sk-agent-b', [say('b 1')]);

    const answers = [
      await textOf(await postMessages(model.url, {}, { 'x-api-key': 'sk-agent-a' })),
      await textOf(await postMessages(model.url, {}, { 'x-api-key': 'sk-agent-b' })),
      await textOf(await postMessages(model.url, {}, { authorization: 'Bearer sk-agent-a', 'x-api-key': '' })),
      await textOf(await postMessages(model.url, {}, { 'x-api-key': 'sk-unknown' })),
      await textOf(await postMessages(model.url, {}, { 'x-api-key': 'sk-anything', 'x-script-key': 'sk-agent-b' })),
    ];

    expect(answers).toEqual(['a 1', 'b 1', 'a 2', 'default 1', 'ok']);
  });

  it('loads a script over POST /_script and reports its cursor on GET /_script', async () => {
    const set = await fetch(`${model.url}/_script`, {
      method: 'POST',
      body: JSON.stringify({ key: 'sk-http', turns: [say('from http')], defaultReply: say('http done') }),
    });
    const first = await textOf(await postMessages(model.url, {}, { 'x-api-key': 'sk-http' }));
    const after = await textOf(await postMessages(model.url, {}, { 'x-api-key': 'sk-http' }));
    const status = await (await fetch(`${model.url}/_script`)).json();

    expect(set.status).toBe(200);
    expect([first, after]).toEqual(['from http', 'http done']);
    expect(status.scripts['sk-http']).toEqual({ total: 1, served: 1, remaining: 0 });
  });

  it('rejects an invalid script with 400 and keeps the old one', async () => {
    const res = await fetch(`${model.url}/_script`, {
      method: 'POST',
      body: JSON.stringify({ turns: [{ content: [{ type: 'tool_use', input: {} }] }] }),
    });

    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain('turns[0].content[0]');
    expect(await textOf(await postMessages(model.url, {}))).toBe('default 1');
  });

  it('answers the default reply once a script has run out', async () => {
    model.setScript('default', [say('only')], say('script is over'));
    await postMessages(model.url, {});

    expect(await textOf(await postMessages(model.url, {}))).toBe('script is over');
  });

  it('answers Claude Code side requests with zero usage without consuming a turn', async () => {
    const title = await (await postMessages(model.url, TITLE_REQUEST, CLAUDE_CODE)).json();
    const quota = await (await postMessages(model.url, { max_tokens: 1 })).json();
    const main = await textOf(await postMessages(model.url, { tools: [{ name: 'Bash' }] }, CLAUDE_CODE));

    expect(JSON.parse(title.content[0].text)).toEqual({ title: 'Scripted session' });
    expect(title.usage).toMatchObject({ input_tokens: 0, output_tokens: 0 });
    expect(quota.content[0].text).toBe('ok');
    expect(main).toBe('default 1');
    expect(model.requests().map((r) => [r.kind, r.turnIndex])).toEqual([
      ['side', null],
      ['side', null],
      ['main', 0],
    ]);
  });

  it('records each request with its body, key and the turn that answered', async () => {
    model.setScript('sk-rec', [say('recorded')]);
    await postMessages(model.url, { messages: [{ role: 'user', content: 'check the log' }] }, { 'x-api-key': 'sk-rec' });
    await postMessages(model.url, {}, { 'x-api-key': 'sk-other' });

    const { requests } = await (await fetch(`${model.url}/_requests?key=sk-rec`)).json();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      path: '/v1/messages',
      key: 'sk-rec',
      scriptKey: 'sk-rec',
      kind: 'main',
      turnIndex: 0,
      body: { messages: [{ role: 'user', content: 'check the log' }] },
    });
    expect(model.requests().map((r) => r.scriptKey)).toEqual(['sk-rec', 'default']);
  });

  it('forgets recorded requests on DELETE /_requests', async () => {
    await postMessages(model.url, {});
    await fetch(`${model.url}/_requests`, { method: 'DELETE' });

    expect(model.requests()).toEqual([]);
  });

  it('answers count_tokens with a positive input_tokens estimate', async () => {
    const res = await fetch(`${model.url}/v1/messages/count_tokens?beta=true`, {
      method: 'POST',
      body: JSON.stringify({ model: 'claude-test', messages: [{ role: 'user', content: 'count me' }] }),
    });

    expect(res.status).toBe(200);
    expect((await res.json()).input_tokens).toBeGreaterThan(0);
  });
});
