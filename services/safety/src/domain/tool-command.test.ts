import { describe, expect, it } from 'vitest';
import { toolTarget } from './tool-command.ts';

describe('toolTarget', () => {
  it('reads the command of shell tools in every driver spelling', () => {
    expect(toolTarget('Bash', { command: 'git reset --hard', description: 'x' })).toEqual({ kind: 'command', command: 'git reset --hard' });
    expect(toolTarget('execute', { command: 'ls' })).toEqual({ kind: 'command', command: 'ls' });
    expect(toolTarget('run_shell_command', { command: 'rm -rf ~' })).toEqual({ kind: 'command', command: 'rm -rf ~' });
    expect(toolTarget('shell', { command: ['bash', '-lc', 'git clean -fd'] })).toEqual({ kind: 'command', command: 'git clean -fd' });
    expect(toolTarget('shell', { command: ['git', 'commit', '-m', "it's done"] })).toEqual({ kind: 'command', command: "git commit -m 'it'\\''s done'" });
  });

  it('treats file tools as files and unknown tools as other', () => {
    for (const t of ['Write', 'Edit', 'MultiEdit', 'NotebookEdit']) expect(toolTarget(t, { file_path: '/x' })).toEqual({ kind: 'file' });
    expect(toolTarget('WebFetch', { url: 'https://x' })).toEqual({ kind: 'other' });
    expect(toolTarget('mcp__db__query', {})).toEqual({ kind: 'other' });
  });

  it('flags a shell tool without a readable command', () => {
    expect(toolTarget('Bash', { nope: 1 })).toEqual({ kind: 'unreadable' });
    expect(toolTarget('Bash', { command: '   ' })).toEqual({ kind: 'unreadable' });
  });
});
