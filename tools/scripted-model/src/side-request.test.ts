import { describe, expect, it } from 'vitest';
import { classifyRequest, sideReply } from './side-request.ts';

const CLAUDE_CODE = { 'user-agent': 'claude-cli/2.1.197 (external, cli)' };
const SDK = { 'user-agent': 'claude-cli/2.1.332 (external, sdk-ts, agent-sdk/0.3.332)' };

describe('classifyRequest', () => {
  it('treats a Claude Code request that offers tools as the agent loop', () => {
    expect(classifyRequest(CLAUDE_CODE, { max_tokens: 64000, tools: [{}] })).toBe('main');
    expect(classifyRequest(SDK, { max_tokens: 128000, tools: [{}] })).toBe('main');
  });

  it('treats a Claude Code request without tools (title generation) as a side request', () => {
    expect(classifyRequest(CLAUDE_CODE, { max_tokens: 64000 })).toBe('side');
    expect(classifyRequest(CLAUDE_CODE, { max_tokens: 64000, tools: [] })).toBe('side');
  });

  it('treats a max_tokens 1 quota probe from anyone as a side request', () => {
    expect(classifyRequest({}, { max_tokens: 1, tools: [{}] })).toBe('side');
  });

  it('plays the script to other clients even without tools', () => {
    expect(classifyRequest({ 'user-agent': 'Anthropic/JS 0.60.0' }, { max_tokens: 1024 })).toBe('main');
  });
});

describe('sideReply', () => {
  it('answers a structured-output request with JSON that fits the schema', () => {
    const reply = sideReply({
      output_config: { format: { type: 'json_schema', schema: { type: 'object', properties: { title: { type: 'string' } } } } },
    });

    expect(reply.content).toEqual([{ type: 'text', text: '{"title":"Scripted session"}' }]);
  });

  it('answers anything else with ok', () => {
    expect(sideReply({}).content).toEqual([{ type: 'text', text: 'ok' }]);
  });
});
