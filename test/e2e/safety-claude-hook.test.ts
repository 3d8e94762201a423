import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedModel, type ScriptedModel } from '@flywheel/scripted-model';
import { startStack, type Stack } from '../support/index.ts';
import { watchDcg } from './helpers/dcg-events.ts';
import { repoWithUncommittedWork } from './helpers/git-repo.ts';
import { CLAUDE_BIN, claudeProcessEnv, GUARD_BIN, MODEL, run } from './helpers/agent-cli.ts';

const KEY = 'hook-acceptance';

describe('real Claude Code through the installed flywheel-guard hook', () => {
  let s: Stack;
  let dcg: ReturnType<typeof watchDcg>;
  let model: ScriptedModel;
  beforeAll(async () => {
    s = await startStack({ services: [{ name: 'safety', env: { COORDINATION_CHECK: 'off' } }, 'gateway-api'] });
    dcg = watchDcg(s.nc);
    model = await startScriptedModel();
    model.setScript(KEY, [
      {
        model: MODEL,
        content: [
          { type: 'text', text: 'Resetting.' },
          { type: 'tool_use', name: 'Bash', input: { command: 'git reset --hard', description: 'reset' } },
        ],
      },
      { model: MODEL, content: [{ type: 'text', text: 'The guard stopped me.' }] },
    ]);
  });
  afterAll(async () => {
    await model?.close();
    dcg?.stop();
    await s?.stop();
  });

  it('denies git reset --hard, keeps the uncommitted work, records the decision and publishes it on system.dcg', async () => {
    const repo = s.tmp('fw-hook-repo-');
    const { isIntact } = repoWithUncommittedWork(repo);
    const env = { ...claudeProcessEnv(model.url, KEY, s.tmp('fw-hook-home-')), NATS_URL: s.nats.url, FLYWHEEL_AGENT_ID: 'cc-hook' };

    const install = await run(process.execPath, [GUARD_BIN, 'install', '--project', repo], { cwd: repo, env });
    expect(install.stdout).toContain('installed the PreToolUse hook');
    expect((await run(process.execPath, [GUARD_BIN, 'install', '--project', repo], { cwd: repo, env })).stdout).toContain('already installed');

    const cc = await run(
      CLAUDE_BIN,
      ['-p', 'throw away my changes', '--output-format', 'stream-json', '--verbose', '--dangerously-skip-permissions', '--model', MODEL],
      { cwd: repo, env, timeoutMs: 90_000 },
    );
    expect(cc.code, cc.stderr).toBe(0);

    expect(isIntact()).toBe(true);
    const lines = cc.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; message?: { content?: unknown } });
    const toolResult = JSON.stringify(lines.filter((l) => l.type === 'user'));
    expect(toolResult).toContain('core.git:reset-hard');
    expect(toolResult).toMatch(/approve code [2-9A-Z]{6}/);

    const decisions = await s.http('GET', '/dcg/decisions?agentId=cc-hook&decision=deny', undefined, { as: 'admin' }); // a hook names no account: an admin's to see
    expect(decisions.body.items).toHaveLength(1);
    expect(decisions.body.items[0]).toMatchObject({
      source: 'hook',
      tool: 'Bash',
      command: 'git reset --hard',
      ruleId: 'core.git:reset-hard',
      shortCode: expect.any(String),
    });
    await dcg.waitEvent((e) => e.type === 'decision' && e.decision.id === decisions.body.items[0].id, 'the deny on system.dcg');
    await dcg.waitEvent(
      (e) => e.type === 'exception' && e.exception.shortCode === decisions.body.items[0].shortCode && e.exception.status === 'pending',
      'the pending exception on system.dcg',
    );
  }, 120_000);
});
