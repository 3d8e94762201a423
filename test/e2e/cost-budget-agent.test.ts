/**
 * Budget pause end to end with a real agent: Claude Code (sdk driver of the real agent-runner)
 * against the scripted model, the real cost service and gateway. Its first model message crosses
 * a pausing project budget: the runner interrupts and parks it (paused, reason budget) — latency
 * from the usage record to the agent's paused state measured on NATS — a new spawn in the project
 * is refused with 402 BUDGET_EXCEEDED, and raising the budget resumes it to take the next send.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode, localSubject, wireSubject } from '@flywheel/kit';
import { waitFor } from '@flywheel/kit/testing';
import { startScriptedModel, type ScriptedModel } from '@flywheel/scripted-model';
import { startStack, type Stack } from '../support/index.ts';
import { costClient, restUnder } from './helpers/cost.ts';

const MODEL = 'claude-sonnet-4-5-20250929';
const KEY = 'cost-e2e';
const PROJECT = 'e2e-budget-project';

let s: Stack;
let h: ReturnType<typeof costClient>;
let model: ScriptedModel;
const tmp = (p: string) => s.tmp(p);

beforeAll(async () => {
  model = await startScriptedModel();
  model.setScript(KEY, [
    // $0.003 input + $1.50 output: crosses the $1 budget while the Bash tool runs.
    {
      id: 'msg_e2e_1',
      model: MODEL,
      content: [
        { type: 'text', text: 'Working.' },
        { type: 'tool_use', name: 'Bash', input: { command: 'sleep 30', description: 'long task' } },
      ],
      usage: { input_tokens: 1000, output_tokens: 100_000 },
    },
    { id: 'msg_e2e_2', model: MODEL, content: [{ type: 'text', text: 'Resumed.' }], usage: { input_tokens: 50, output_tokens: 5 } },
    { id: 'msg_e2e_3', model: MODEL, content: [{ type: 'text', text: 'Still here.' }], usage: { input_tokens: 50, output_tokens: 5 } },
  ]);
  // The real safety service guards the agent's tool calls.
  s = await startStack({
    services: [{ name: 'cost', env: { BUDGET_TIMER_MS: '200', COST_TICK_MS: '200' } }, 'gateway-api', 'safety', { name: 'agent-runner', id: 'r-cost-e2e' }],
  });
  h = costClient(s);
}, 60_000);

afterAll(async () => {
  await h?.close();
  await s?.stop();
  await model?.close();
});

const agents = (method: string, path: string, body?: unknown) => restUnder(s, '/agents')(method, path, body);
/** What the agent and the cost service saw, for a failure message. */
const diagnose = async (id: string) =>
  JSON.stringify({
    records: (await h.api('GET', `/records?agentId=${id}`)).json.items.map((r: any) => [r.messageId, r.costMicros, r.reportedCostMicros, r.reportedCostScope]),
    events: (await agents('GET', `/${id}/events?limit=100`)).json.items.map((e: any) => [e.type, e.to ?? e.messageId ?? e.text ?? '']),
  });
const agentState = async (id: string) => (await agents('GET', `/${id}`)).json as { state: string; stateReason?: string };

describe('budget pause with a real agent', () => {
  it('interrupts and parks the agent within 2 s, refuses new work with 402, and resumes it when the budget is raised', async () => {
    const seen: { subject: string; at: number; data: any }[] = [];
    const sub = s.nc.subscribe(wireSubject(s.nc, '>'));
    void (async () => {
      for await (const m of sub) {
        const subject = localSubject(s.nc, m.subject);
        if (/^(usage|agent\.state|system\.budget)\./.test(`${subject}.`)) seen.push({ subject, at: Date.now(), data: decode(m.data) });
      }
    })();
    const budget = await h.api('POST', '/budgets', {
      name: 'e2e',
      scope: { kind: 'project', value: PROJECT },
      max_budget: 1_000_000,
      budget_duration: 'daily',
      action: 'pause',
    });
    expect(budget.status).toBe(201);

    const home = tmp('fw-cost-e2e-home-');
    const env = {
      HOME: home,
      CLAUDE_CONFIG_DIR: join(home, '.claude'),
      ANTHROPIC_BASE_URL: model.url,
      ANTHROPIC_API_KEY: KEY,
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      CLAUDE_CODE_DISABLE_LEGACY_MODEL_REMAP: '1',
      IS_SANDBOX: '1',
    };
    const spawn = await agents('POST', '', {
      driver: 'sdk',
      workingDirectory: tmp('fw-cost-e2e-cwd-'),
      model: MODEL,
      prompt: 'start the long task',
      projectId: PROJECT,
      env,
    });
    expect(spawn.status).toBe(201);
    const id = spawn.json.id as string;

    await waitFor(async () => (await agentState(id)).state === 'paused', { timeoutMs: 60_000, intervalMs: 100, what: 'agent paused by the budget' });
    expect((await agentState(id)).stateReason).toBe('budget');
    const usageAt = seen.find((e) => e.subject === `usage.${id}`)!.at;
    const paused = seen.find((e) => e.subject === `agent.state.${id}` && e.data?.type === 'state' && e.data.to === 'paused')!;
    const pausedAt = paused.at;
    // Mid-turn (running the Bash tool). Under load the runner sometimes still shows the first
    // (spawn-prompt) turn as `ready` when its first usage arrives, hence either state.
    expect(paused.data).toMatchObject({ reason: 'budget' });
    expect(['executing', 'ready']).toContain(paused.data.from);
    process.stdout.write(`budget enforcement latency, usage record → agent paused (NATS receipt times): ${pausedAt - usageAt} ms\n`);
    expect(pausedAt - usageAt).toBeLessThan(2000);
    expect(seen.find((e) => e.subject === 'system.budget')?.data).toMatchObject({ action: 'pause', budgetId: budget.json.id });

    const spawnRefused = await agents('POST', '', {
      driver: 'sdk',
      workingDirectory: tmp('fw-cost-e2e-cwd-'),
      model: MODEL,
      prompt: 'more',
      projectId: PROJECT,
      env,
    });
    expect(spawnRefused.status).toBe(402);
    expect(spawnRefused.json.error).toMatchObject({ code: 'BUDGET_EXCEEDED', details: { budgetId: budget.json.id } });
    expect((await agents('POST', `/${id}/send`, { message: 'go on' })).status).not.toBe(202);

    const raised = await h.api('PATCH', `/budgets/${budget.json.id}`, { max_budget: 10_000_000 });
    expect(raised.json.status).toMatchObject({ paused: false });
    await waitFor(async () => (await agentState(id)).state === 'ready', { timeoutMs: 20_000, intervalMs: 100, what: 'agent resumed' });
    expect((await agents('POST', `/${id}/send`, { message: 'go on' })).status).toBe(202);
    // Claude Code's own bill (turn-scoped, on the turn's last message, covering the interrupted turn
    // too) agrees with our prices.
    const records = await waitFor(
      async () => {
        const items = (await h.api('GET', `/records?agentId=${id}`)).json.items;
        return items.length >= 2 && items.some((r: { reportedCostScope?: string }) => r.reportedCostScope === 'turn') ? items : null;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'the turn-scoped record after resume' },
    ).catch(async (e) => {
      process.stdout.write(`records and events at the timeout: ${await diagnose(id)}\n`);
      throw e;
    });
    const reported = records.filter((r: { reportedCostScope?: string }) => r.reportedCostScope === 'turn');
    expect(reported[0].reportedCostMicros).toBeGreaterThanOrEqual(1_503_000);
    expect(records.map((r: { divergent: boolean }) => r.divergent)).toEqual(records.map(() => false));
    const total = (await h.api('GET', `/summary?projectId=${PROJECT}&groupBy=agent`)).json.total;
    expect(total.costMicros).toBeGreaterThan(1_500_000);
    sub.unsubscribe();
  }, 150_000);
});
