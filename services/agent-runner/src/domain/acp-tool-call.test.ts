import { describe, expect, it } from 'vitest';
import { AcpToolCall, acpCallView, toolNameFromId } from './acp-tool-call.ts';

// Frames as Gemini CLI 0.61.0 sent them in session/request_permission against the scripted model (captured 2026-12-07).
const SHELL = {
  toolCallId: 'run_shell_command__toolu_01Y4HHot77yHSBFycv4a6VJQ',
  kind: 'execute',
  status: 'pending',
  title: 'git reset --hard',
  content: [{ content: { text: '[current working directory /tmp/gcap-cwd-AQ2trz] (reset the tree)', type: 'text' }, type: 'content' }],
  locations: [],
};
const WRITE = {
  toolCallId: 'write_file__toolu_01BHM4hgQ8P3FY66wah7W58W',
  kind: 'edit',
  status: 'pending',
  title: 'Writing to a.txt',
  content: [{ path: '/tmp/gcap-cwd-ioy8fV/a.txt', oldText: '', newText: 'hi\n', _meta: { kind: 'add' }, type: 'diff' }],
  locations: [{ path: '/tmp/gcap-cwd-ioy8fV/a.txt' }],
};
const view = (x: unknown) => acpCallView(AcpToolCall.parse(x));

describe('acpCallView', () => {
  it('gives a Gemini CLI shell call the command from its title, with the directory and description from its explanation', () => {
    expect(view(SHELL)).toEqual({
      tool: 'run_shell_command',
      input: { command: 'git reset --hard', dir_path: '/tmp/gcap-cwd-AQ2trz', description: 'reset the tree' },
    });
    // `[in <dir_path>]` when the model named a directory; no description, a background call.
    const inDir = { ...SHELL, content: [{ type: 'content', content: { type: 'text', text: '[in sub/dir] [background]' } }] };
    expect(view(inDir).input).toEqual({ command: 'git reset --hard', dir_path: 'sub/dir' });
    // No explanation at all: the command alone; an id without the tool's name: Bash.
    expect(view({ toolCallId: 'c1', kind: 'execute', title: 'rm -rf /' })).toEqual({ tool: 'Bash', input: { command: 'rm -rf /' } });
  });

  it('gives file tools the written path (diff first, else the first location) so write checks apply', () => {
    expect(view(WRITE)).toEqual({ tool: 'write_file', input: { file_path: '/tmp/gcap-cwd-ioy8fV/a.txt', content: 'hi\n' } });
    const replace = { ...WRITE, toolCallId: 'replace__abc', content: [], locations: [{ path: '/w/src/x.ts' }] };
    expect(view(replace)).toEqual({ tool: 'replace', input: { file_path: '/w/src/x.ts' } });
    const anonymous = { ...WRITE, toolCallId: 'x1' };
    expect(view(anonymous)).toEqual({ tool: 'Write', input: { file_path: '/tmp/gcap-cwd-ioy8fV/a.txt' } });
    expect(view({ ...anonymous, content: [{ type: 'diff', path: '/w/b', oldText: 'a', newText: 'b' }] })).toEqual({
      tool: 'Edit',
      input: { file_path: '/w/b' },
    });
    expect(view({ toolCallId: 'd1', kind: 'delete', locations: [{ path: '/w/gone' }] })).toEqual({ tool: 'delete', input: { file_path: '/w/gone' } });
    expect(view({ toolCallId: 'm1', kind: 'move', locations: [{ path: '/w/a' }, { path: '/w/b' }] })).toEqual({
      tool: 'move',
      input: { source: '/w/a', destination: '/w/b' },
    });
  });

  it('keeps an agent’s own rawInput (claude-code-acp) and falls back to the title for calls it cannot read', () => {
    expect(view({ toolCallId: 'toolu_1', kind: 'execute', title: 'ls', rawInput: { command: 'ls -la' } })).toEqual({
      tool: 'execute',
      input: { command: 'ls -la' },
    });
    expect(view({ toolCallId: 'read_file__t1', kind: 'read', title: 'a.txt', locations: [{ path: '/w/a.txt' }] })).toEqual({
      tool: 'read_file',
      input: { title: 'a.txt', paths: ['/w/a.txt'] },
    });
    expect(view({ toolCallId: 'c9', kind: 'execute' })).toEqual({ tool: 'execute', input: { title: undefined } });
  });
});

describe('toolNameFromId', () => {
  it('reads the tool name Gemini CLI puts before the last `__` of a call id', () => {
    expect(toolNameFromId('run_shell_command__toolu_01')).toBe('run_shell_command');
    expect(toolNameFromId('write_file__synth_p1_17000_3')).toBe('write_file');
    expect(toolNameFromId('github__create_issue__xyz')).toBe('github__create_issue');
    expect(toolNameFromId('toolu_01abc')).toBeUndefined();
    expect(toolNameFromId('__x')).toBeUndefined();
    expect(toolNameFromId(undefined)).toBeUndefined();
  });
});
