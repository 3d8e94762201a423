import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedModel, type ScriptedModel } from '@flywheel/scripted-model';
import { startStack, type Stack } from '../support/index.ts';
import { repoWithUncommittedWork } from './helpers/git-repo.ts';
import { CODEX_BIN, GUARD_BIN, run } from './helpers/agent-cli.ts';

/** CODEX_HOME config: the scripted Responses endpoint, and the project trusted so its .codex/hooks.json loads. */
const codexConfig = (baseUrl: string, project: string) =>
  [
    'model = "gpt-5.5"',
    'model_provider = "scripted"',
    '',
    '[model_providers.scripted]',
    'name = "Scripted model"',
    `base_url = "${baseUrl}/v1"`,
    'wire_api = "responses"',
    'env_key = "SCRIPTED_API_KEY"',
    '',
    `[projects."${project}"]`,
    'trust_level = "trusted"',
    '',
  ].join('\n');

describe('real Codex CLI 0.169 through the installed flywheel-guard PreToolUse hook', () => {
  let s: Stack;
  let model: ScriptedModel;
  beforeAll(async () => {
    s = await startStack({ services: [{ name: 'safety', env: { COORDINATION_CHECK: 'off' } }, 'gateway-api'] });
    model = await startScriptedModel();
  });
  afterAll(async () => {
    await model?.close();
    await s?.stop();
  });

  it('blocks git reset --hard (codex format), keeps the work, records the decision', async () => {
    const repo = s.tmp('fw-codex-repo-');
    const { isIntact } = repoWithUncommittedWork(repo);
    const home = s.tmp('fw-codex-home-');
    writeFileSync(join(home, 'config.toml'), codexConfig(model.url, repo));
    model.setScript('sk-codex-guard', [
      { content: [{ type: 'tool_use', name: 'exec_command', input: { cmd: 'git reset --hard' } }] },
      { content: [{ type: 'text', text: 'Blocked.' }] },
    ]);
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      CODEX_HOME: home,
      SCRIPTED_API_KEY: 'sk-codex-guard',
      NATS_URL: s.nats.url,
      FLYWHEEL_AGENT_ID: 'codex-hook',
    };
    const install = await run(process.execPath, [GUARD_BIN, 'install', '--agent', 'codex', '--project', repo], { cwd: repo, env });
    expect(install.stdout).toContain('.codex/hooks.json');
    // Hooks are trusted by hash through Codex's /hooks review UI; a test run bypasses that review.
    const cx = await run(CODEX_BIN, ['exec', '--json', '--dangerously-bypass-approvals-and-sandbox', '--dangerously-bypass-hook-trust', 'discard my changes'], {
      cwd: repo,
      env,
      timeoutMs: 60_000,
    });
    expect(cx.code, cx.stderr).toBe(0);
    expect(isIntact()).toBe(true);
    const output = JSON.stringify((model.requests()[1]?.body as { input: unknown[] }).input.at(-1));
    expect(output).toContain('blocked by PreToolUse hook');
    expect(output).toContain('core.git:reset-hard');
    const { body } = await s.http('GET', '/dcg/decisions?agentId=codex-hook', undefined, { as: 'admin' }); // a hook names no account: an admin's to see
    expect(body.items).toEqual([expect.objectContaining({ source: 'hook', tool: 'Bash', command: 'git reset --hard', decision: 'deny' })]);
  }, 90_000);
});
