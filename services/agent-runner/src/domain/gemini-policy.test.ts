import { describe, expect, it } from 'vitest';
import { isGeminiAcp, withGeminiGuardPolicy } from './gemini-policy.ts';

describe('withGeminiGuardPolicy', () => {
  it('adds the admin policy to Gemini CLI in ACP mode, run by its bin or by node on its bundle', () => {
    expect(withGeminiGuardPolicy(['gemini', '--experimental-acp'], '/d/p')).toEqual(['gemini', '--experimental-acp', '--admin-policy', '/d/p']);
    const node = ['/usr/bin/node', '/x/node_modules/@google/gemini-cli/bundle/gemini.js', '--acp', '--model', 'gemini-2.5-pro'];
    expect(withGeminiGuardPolicy(node, '/d/p')).toEqual([...node, '--admin-policy', '/d/p']);
    expect(withGeminiGuardPolicy(['/usr/local/bin/gemini', '--acp'], '/d/p').slice(-2)).toEqual(['--admin-policy', '/d/p']);
  });

  it('leaves other ACP agents, a Gemini CLI not in ACP mode and a command naming its own admin policy alone', () => {
    expect(withGeminiGuardPolicy(['claude-code-acp'], '/d/p')).toEqual(['claude-code-acp']);
    expect(isGeminiAcp(['gemini', '-p', 'hi'])).toBe(false);
    expect(isGeminiAcp(['node', 'agent.js', '--acp', 'gemini'])).toBe(false);
    expect(withGeminiGuardPolicy(['gemini', '--acp', '--admin-policy', '/mine'], '/d/p')).toEqual(['gemini', '--acp', '--admin-policy', '/mine']);
  });
});
