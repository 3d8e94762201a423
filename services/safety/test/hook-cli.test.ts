import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@flywheel/kit/testing';
import { GUARD_BIN, run } from './helpers/guard-cli.ts';

const HOOK = (command: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ session_id: 's1', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, cwd: '/tmp', ...extra });

describe('flywheel-guard as a process (service unreachable → the same engine locally)', () => {
  let env: Record<string, string>;
  const dir = mkdtempSync(join(tmpdir(), 'fw-policy-'));
  const hook = (input: string, args: string[] = [], more: Record<string, string> = {}) =>
    run(process.execPath, [GUARD_BIN, 'hook', ...args], { cwd: '/tmp', env: { ...env, ...more }, input });
  beforeAll(async () => {
    env = { PATH: process.env.PATH ?? '', NATS_URL: `nats://127.0.0.1:${await freePort()}`, FLYWHEEL_GUARD_TIMEOUT_MS: '300' };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('denies in the Claude Code format with exit 0, and allows silently', async () => {
    const deny = await hook(HOOK('git reset --hard'));
    expect(deny.code).toBe(0);
    const out = JSON.parse(deny.stdout);
    expect(out.hookSpecificOutput).toMatchObject({
      hookEventName: 'PreToolUse',
      permissionDecision: 'deny',
      permissionDecisionReason: expect.stringContaining('core.git:reset-hard'),
    });
    const allow = await hook(HOOK('ls -la'));
    expect(allow).toMatchObject({ code: 0, stdout: '' });
  });

  it('speaks Gemini BeforeTool (detected or forced) and Codex PreToolUse', async () => {
    const gemini = await hook(JSON.stringify({ hook_event_name: 'BeforeTool', tool_name: 'run_shell_command', tool_input: { command: 'rm -rf ~' } }));
    expect(JSON.parse(gemini.stdout)).toMatchObject({ decision: 'deny', reason: expect.stringContaining('core.filesystem') });
    const codex = await hook(HOOK('', { tool_name: 'shell', tool_input: { command: ['bash', '-lc', 'git push --force'] } }), ['--format', 'codex']);
    expect(JSON.parse(codex.stdout).hookSpecificOutput.permissionDecision).toBe('deny');
  });

  it('never exits non-zero on garbage: fails open by default, closed when configured', async () => {
    expect(await hook('not json')).toMatchObject({ code: 0, stdout: '' });
    const closed = await hook('not json', [], { GUARD_FAIL_MODE: 'closed' });
    expect(closed.code).toBe(0);
    expect(JSON.parse(closed.stdout).hookSpecificOutput.permissionDecision).toBe('deny');
  });

  it('test FILE passes a correct policy file and exits 1 naming each mismatch', async () => {
    const good = join(dir, 'good.txt');
    const bad = join(dir, 'bad.txt');
    writeFileSync(good, '# policy CI\ngit reset --hard → deny\ngit push --force-with-lease → allow\nrm -rf /tmp/x => allow\n');
    writeFileSync(bad, 'rm -rf ./build → allow\n');
    const ok = await run(process.execPath, [GUARD_BIN, 'test', good], { cwd: dir, env });
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain('3/3 passed');
    const fail = await run(process.execPath, [GUARD_BIN, 'test', bad], { cwd: dir, env });
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain('FAIL rm -rf ./build → deny (expected allow)');
  });
});
