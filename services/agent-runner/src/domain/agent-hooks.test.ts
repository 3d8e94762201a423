import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { claudeHookSettings, codexHooksJson, guardHookCommand, guardOf, programOf } from './agent-hooks.ts';

const g = { node: '/usr/bin/node', bin: "/opt/fly wheel/it's/flywheel-guard.js", natsUrl: 'nats://127.0.0.1:4222', namespace: 'fw' };

describe('guardOf', () => {
  it('marks agents whose tool calls the guard does not see as unguarded, with why', () => {
    expect(guardOf('sdk')).toEqual({ guard: 'guarded' });
    expect(guardOf('acp')).toEqual({ guard: 'guarded' });
    expect(guardOf('codex')).toEqual({ guard: 'guarded' });
    expect(guardOf('tmux', ['/usr/local/bin/claude', '--model', 'x'])).toEqual({ guard: 'guarded' });
    expect(guardOf('tmux', ['codex'])).toEqual({ guard: 'guarded' });
    expect(guardOf('tmux', ['claude', '--settings', '{}'])).toMatchObject({ guard: 'unguarded', guardNote: expect.stringContaining('--settings') });
    expect(guardOf('tmux', ['gemini'])).toMatchObject({ guard: 'unguarded', guardNote: expect.stringContaining('Gemini') });
    expect(guardOf('tmux', ['sh'])).toMatchObject({ guard: 'unguarded', guardNote: expect.stringContaining('tmux') });
    expect(guardOf('tmux', null)).toMatchObject({ guard: 'unguarded' });
  });

  it('knows the CLIs by their executable name only', () => {
    expect(programOf(['/x/claude'])).toBe('claude');
    expect(programOf(['claude-wrapper'])).toBeUndefined();
    expect(programOf(['sh', '-c', 'claude'])).toBeUndefined();
  });
});

describe('guardHookCommand', () => {
  it('is one shell line that names the agent, quotes every path, and survives sh', () => {
    const line = guardHookCommand(g, { agentId: 'agt_1', accountId: 'acct-a', projectId: 'p;rm -rf /' }, 'codex');
    expect(line).toMatch(/^FLYWHEEL_AGENT_ID='agt_1' FLYWHEEL_ACCOUNT_ID='acct-a' '\/usr\/bin\/node' /);
    expect(line).not.toContain('FLYWHEEL_PROJECT_ID'); // not an id: left out rather than put on a shell line
    expect(line).toContain('hook --format codex');
    // sh reads the quoted words back exactly (the variables in front stripped, the rest printed one per line)
    const words = execFileSync('sh', ['-c', `f() { for w; do printf '%s\\n' "$w"; done; }; f ${line.replace(/^(?:[A-Z_]+='[^']*' )+/, '')}`]).toString();
    expect(words.split('\n')).toContain(g.bin);
  });

  it('names a worktree agent’s worktree (FLYWHEEL_ISOLATION_ROOT, quoted) so the guard keeps its writes inside', () => {
    const line = guardHookCommand(g, { agentId: 'agt_1', isolationRoot: "/r/.flywheel/worktrees/it's" }, 'codex');
    const env = execFileSync('sh', ['-c', `${line.replace(/ '\/usr\/bin\/node'.*$/, '')} env`]).toString();
    expect(env).toContain("FLYWHEEL_ISOLATION_ROOT=/r/.flywheel/worktrees/it's\n");
    expect(guardHookCommand(g, { agentId: 'agt_1' }, 'codex')).not.toContain('FLYWHEEL_ISOLATION_ROOT');
  });
});

describe('hook settings', () => {
  it('codex: a PreToolUse command hook on the shell and apply_patch', () => {
    const parsed = JSON.parse(codexHooksJson('guard-cmd'));
    expect(parsed.hooks.PreToolUse).toEqual([{ matcher: '^(Bash|apply_patch)$', hooks: [{ type: 'command', command: 'guard-cmd', timeout: 30 }] }]);
  });

  it('claude: the HTTP hook when the agent has a credential (named, never written), else the command hook', () => {
    const env = { FLYWHEEL_GATEWAY_URL: 'http://127.0.0.1:3000/', FLYWHEEL_AGENT_TOKEN: 'fwa_secret' };
    const http = claudeHookSettings(env, 'guard-cmd');
    expect(http).not.toContain('fwa_secret');
    expect(JSON.parse(http).hooks.PreToolUse[0].hooks[0]).toEqual({
      type: 'http',
      url: 'http://127.0.0.1:3000/api/v1/hooks/claude-code',
      timeout: 30,
      headers: { Authorization: 'Bearer $FLYWHEEL_AGENT_TOKEN' },
      allowedEnvVars: ['FLYWHEEL_AGENT_TOKEN'],
      onFailure: 'block',
    });
    expect(JSON.parse(claudeHookSettings({}, 'guard-cmd')).hooks.PreToolUse[0]).toEqual({
      matcher: 'Bash|Write|Edit|MultiEdit|NotebookEdit',
      hooks: [{ type: 'command', command: 'guard-cmd', timeout: 30 }],
    });
  });
});
