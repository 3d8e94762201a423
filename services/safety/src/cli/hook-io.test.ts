import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { denyOutput, detectFormat, HookInput, hookAgentId } from './hook-io.ts';

describe('hook protocols', () => {
  it('parses the recorded Claude Code 2.1.197 PreToolUse input', () => {
    const raw = JSON.parse(readFileSync('/work/shared/fixtures/claude-code-2.1.197-pretooluse-hook-input.json', 'utf8'));
    const input = HookInput.parse(raw);
    expect(input).toMatchObject({ tool_name: 'Bash', tool_input: { command: 'echo hello > out.txt && cat out.txt' }, cwd: '/home/dev/project' });
    expect(detectFormat(undefined, input)).toBe('claude');
  });

  it('recognises Gemini BeforeTool and lets --format win', () => {
    expect(detectFormat(undefined, { hook_event_name: 'BeforeTool' })).toBe('gemini');
    expect(detectFormat('codex', { hook_event_name: 'PreToolUse' })).toBe('codex');
    expect(() => detectFormat('cursor', {})).toThrow();
  });

  it('writes a Claude/Codex deny as hookSpecificOutput and a Gemini deny as decision/reason', () => {
    expect(JSON.parse(denyOutput('claude', 'no'))).toEqual({
      hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: 'no' },
    });
    expect(JSON.parse(denyOutput('codex', 'no')).hookSpecificOutput.permissionDecision).toBe('deny');
    expect(JSON.parse(denyOutput('gemini', 'no'))).toEqual({ decision: 'deny', reason: 'no' });
  });

  it('derives a subject-safe agent id', () => {
    expect(hookAgentId('agent.7', undefined)).toBe('agent-7');
    expect(hookAgentId(undefined, 'a0a4a0b4-e8f7-47fb-b743-5fca3d2f9e5e')).toBe('hook-a0a4a0b4-e8f7-47fb-b743-5fca3d2f9e5e');
    expect(hookAgentId(undefined, undefined)).toBe('hook-unknown');
  });
});
