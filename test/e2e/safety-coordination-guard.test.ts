import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentStateEvent, coordRpcs, dcgRpcs, guardRpc } from '@flywheel/contracts';
import { DurablePublisher, request, type NatsConnection } from '@flywheel/kit';
import { testLogger, waitFor } from '@flywheel/kit/testing';
import { startStack, type Stack } from '../support/index.ts';
import { GUARD_BIN, run } from './helpers/agent-cli.ts';

const PROJECT = 'prj_guardcoord000000';

describe('the guard asks coordination before a write (real safety and coordination services over NATS)', () => {
  let s: Stack;
  let nc: NatsConnection;
  const guard = (agentId: string, tool: string, input: unknown) => request(nc, guardRpc, { agentId, tool, input, cwd: '/repo' }, { timeoutMs: 5000 });

  beforeAll(async () => {
    s = await startStack({
      services: [
        { name: 'safety', env: { COORDINATION_TIMEOUT_MS: '300' } },
        { name: 'coordination', env: { UNMERGED_SCAN_MS: '0' } },
      ],
    });
    nc = s.nc;
    const durable = new DurablePublisher(nc, { logger: testLogger() });
    for (const agentId of ['ga', 'gb']) {
      await durable.publish(
        agentStateEvent,
        [agentId],
        { type: 'state', agentId, seq: 1, ts: new Date().toISOString(), to: 'ready', projectId: PROJECT, treeRoot: '/repo' },
        `${agentId}:1`,
      );
    }
    await waitFor(async () => (await request(nc, coordRpcs.agents, { projectId: PROJECT })).items.length === 2, { what: 'agents registered' });
    await durable.close();
    await request(nc, coordRpcs.reserve, { agentId: 'ga', patterns: ['src/**'] });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it("denies another agent's Write into the reservation, naming the holder, pattern and expiry, and stores the decision", async () => {
    const r = await guard('gb', 'Write', { file_path: '/repo/src/x.ts', content: 'x' });
    expect(r.decision).toBe('deny');
    expect(r.ruleId).toBe('coordination:reserved');
    expect(r.reason).toMatch(/src\/x\.ts is reserved by agent ga \(pattern src\/\*\*, exclusive\) until \d{4}-/);
    const stored = await request(nc, dcgRpcs.decisions, { agentId: 'gb', decision: 'deny', limit: 5 });
    expect(stored.items[0]).toMatchObject({ ruleId: 'coordination:reserved', packId: 'coordination', tool: 'Write' });
  });

  it('denies shell writes into it too (redirects, sed -i, rm -r of a parent directory)', async () => {
    for (const command of ['echo x > src/y.ts', "sed -i 's/a/b/' src/z.ts", 'rm -rf src']) {
      expect((await guard('gb', 'Bash', { command })).decision, command).toBe('deny');
    }
  });

  it('lets the holder write, and anyone write outside it; a destructive command is still the engine’s call', async () => {
    expect((await guard('ga', 'Write', { file_path: '/repo/src/x.ts', content: 'x' })).decision).toBe('allow');
    expect((await guard('gb', 'Write', { file_path: '/repo/README.md', content: 'x' })).decision).toBe('allow');
    expect((await guard('gb', 'Bash', { command: 'git reset --hard' })).ruleId).toBe('core.git:reset-hard');
  });

  it('an agent we do not drive, through the flywheel-guard hook, is held off the reservation too (its tree is known)', async () => {
    const input = JSON.stringify({
      session_id: 'outside',
      hook_event_name: 'PreToolUse',
      tool_name: 'Edit',
      tool_input: { file_path: '/repo/src/x.ts', old_string: 'a', new_string: 'b' },
      cwd: '/repo',
    });
    const r = await run(process.execPath, [GUARD_BIN, 'hook'], { cwd: '/tmp', env: { PATH: process.env.PATH ?? '', NATS_URL: s.nats.url }, input });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).hookSpecificOutput).toMatchObject({
      permissionDecision: 'deny',
      permissionDecisionReason: expect.stringContaining('reserved by agent ga'),
    });
  });

  it('with coordination down, a write passes with a warning (fail open by default)', async () => {
    await s.stopService('coordination');
    const r = await guard('gb', 'Write', { file_path: '/repo/src/x.ts', content: 'x' });
    expect(r.decision).toBe('allow');
    expect(r.warning).toMatch(/could not be checked/);
  });
});
