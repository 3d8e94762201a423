import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installClaudeHook } from './install.ts';

describe('installClaudeHook', () => {
  const dirs: string[] = [];
  const project = () => {
    const d = mkdtempSync(join(tmpdir(), 'fw-install-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('merges into existing settings, keeps other hooks, and is idempotent', () => {
    const dir = project();
    mkdirSync(join(dir, '.claude'));
    const other = { matcher: 'Write', hooks: [{ type: 'command', command: 'prettier-hook' }] };
    writeFileSync(join(dir, '.claude', 'settings.json'), JSON.stringify({ model: 'x', hooks: { PreToolUse: [other], Stop: [] } }));
    expect(installClaudeHook(dir, 'node /a/flywheel-guard.js hook').changed).toBe(true);
    expect(installClaudeHook(dir, 'node /a/flywheel-guard.js hook').changed).toBe(false);
    const s = JSON.parse(readFileSync(join(dir, '.claude', 'settings.json'), 'utf8'));
    expect(s.model).toBe('x');
    expect(s.hooks.Stop).toEqual([]);
    expect(s.hooks.PreToolUse).toEqual([other, { matcher: 'Bash', hooks: [{ type: 'command', command: 'node /a/flywheel-guard.js hook', timeout: 30 }] }]);
  });

  it('replaces an older flywheel-guard entry instead of adding a second one', () => {
    const dir = project();
    installClaudeHook(dir, 'node /old/flywheel-guard.js hook');
    installClaudeHook(dir, 'node /new/flywheel-guard.js hook --nats "nats://h:4222"');
    const s = JSON.parse(readFileSync(join(dir, '.claude', 'settings.json'), 'utf8'));
    expect(s.hooks.PreToolUse).toHaveLength(1);
    expect(s.hooks.PreToolUse[0].hooks[0].command).toContain('/new/');
  });
});

describe('installHook for Gemini CLI', () => {
  it('writes a BeforeTool hook on run_shell_command into .gemini/settings.json, idempotently', async () => {
    const { installHook } = await import('./install.ts');
    const dir = mkdtempSync(join(tmpdir(), 'fw-install-g-'));
    try {
      expect(installHook('gemini', dir, 'node /a/flywheel-guard.js hook --format gemini').changed).toBe(true);
      expect(installHook('gemini', dir, 'node /a/flywheel-guard.js hook --format gemini').changed).toBe(false);
      const s = JSON.parse(readFileSync(join(dir, '.gemini', 'settings.json'), 'utf8'));
      expect(s.hooks.BeforeTool).toEqual([
        {
          matcher: 'run_shell_command',
          hooks: [{ name: 'flywheel-guard', type: 'command', command: 'node /a/flywheel-guard.js hook --format gemini', timeout: 30_000 }],
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('installClaudeHttpHook', () => {
  it('replaces our command hook with the HTTP hook on the gateway, naming the credential variable, and back', async () => {
    const { installClaudeHttpHook, installHook } = await import('./install.ts');
    const dir = mkdtempSync(join(tmpdir(), 'fw-install-h-'));
    try {
      installHook('claude', dir, 'node /a/flywheel-guard.js hook');
      expect(installClaudeHttpHook(dir, 'http://127.0.0.1:3000/').changed).toBe(true);
      expect(installClaudeHttpHook(dir, 'http://127.0.0.1:3000/').changed).toBe(false);
      const s = JSON.parse(readFileSync(join(dir, '.claude', 'settings.json'), 'utf8'));
      expect(s.hooks.PreToolUse).toEqual([
        {
          matcher: 'Bash|Write|Edit|MultiEdit|NotebookEdit',
          hooks: [
            {
              type: 'http',
              url: 'http://127.0.0.1:3000/api/v1/hooks/claude-code',
              timeout: 30,
              headers: { Authorization: 'Bearer $FLYWHEEL_AGENT_TOKEN' },
              allowedEnvVars: ['FLYWHEEL_AGENT_TOKEN'],
              onFailure: 'block',
            },
          ],
        },
      ]);
      installHook('claude', dir, 'node /a/flywheel-guard.js hook');
      expect(JSON.parse(readFileSync(join(dir, '.claude', 'settings.json'), 'utf8')).hooks.PreToolUse).toEqual([
        { matcher: 'Bash', hooks: [{ type: 'command', command: 'node /a/flywheel-guard.js hook', timeout: 30 }] },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
