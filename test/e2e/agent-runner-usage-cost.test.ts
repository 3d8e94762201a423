/**
 * Usage from every driver reaches the cost service: a real codex CLI (codex driver) and a real Gemini CLI in ACP mode
 * (acp driver), each against the scripted model, through the real agent-runner, cost service and gateway. The cost
 * service's records and totals for each agent equal the scripted usage, priced like POST /estimate prices that usage,
 * and each record says it is one turn (`granularity: 'turn'`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardRpc, type GuardRequest } from '@flywheel/contracts';
import { connectNats, serve, type NatsConnection } from '@flywheel/kit';
import { testLogger, waitFor } from '@flywheel/kit/testing';
import { startScriptedModel, type ScriptedModel } from '@flywheel/scripted-model';
import { startStack, type Stack } from '../support/index.ts';
import { CODEX_RUNNER_ENV, codexHome } from './helpers/agent-cli.ts';
import { allEvents, waitEvent, waitState } from './helpers/agent-events.ts';
import { restUnder } from './helpers/cost.ts';

const require = createRequire(import.meta.url);
/** The pinned Gemini CLI's entry (package bin `gemini` → bundle/gemini.js). */
const GEMINI_JS = join(dirname(require.resolve('@google/gemini-cli/package.json')), 'bundle', 'gemini.js');

let s: Stack;
let model: ScriptedModel;
let nc: NatsConnection;
/** What the agents' tool calls asked the guard (a stand-in that allows: this test is about usage, not policy). */
const asked: GuardRequest[] = [];
const cost = () => restUnder(s, '/cost-analytics');

beforeAll(async () => {
  model = await startScriptedModel();
  s = await startStack({
    services: ['cost', 'gateway-api', { name: 'agent-runner', id: 'r-usage', env: CODEX_RUNNER_ENV }],
  });
  nc = await connectNats({ url: s.nats.url, name: 'allow-guard', logger: testLogger() });
  serve(nc, guardRpc, (req) => (asked.push(req), { decision: 'allow' as const }), { logger: testLogger() });
}, 60_000);
afterAll(async () => {
  await nc?.drain();
  await s?.stop();
  await model?.close();
});

interface Tok {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
}

/** Waits for `n` records of the agent; returns them oldest first with the agent's totals. */
async function recordsOf(agentId: string, n: number) {
  const items = await waitFor(
    async () => {
      const r = await cost()('GET', `/records?agentId=${agentId}`);
      return r.json.items?.length === n ? r.json.items : undefined;
    },
    { timeoutMs: 30_000, what: `${n} cost records of ${agentId}` },
  );
  const total = (await cost()('GET', `/summary?agentId=${agentId}&groupBy=agent`)).json.total;
  return { items: [...items].reverse(), total };
}

/** What POST /estimate says the usage costs (the same card and rounding as ingest). */
async function estimate(m: string, usage: Tok): Promise<number> {
  const r = await cost()('POST', '/estimate', { model: m, usage });
  expect(r.status).toBe(200);
  return r.json.costMicros;
}

describe('usage from every driver reaches the cost service', () => {
  it('codex: one record per turn with the turn tokens (tool round trip summed, cached input apart); totals equal the script', async () => {
    const KEY = 'usage-codex';
    model.setScript(KEY, [
      {
        content: [
          { type: 'text', text: 'Creating the file.' },
          { type: 'tool_use', name: 'exec_command', input: { cmd: 'echo priced > priced.txt' } },
        ],
        usage: { input_tokens: 400, cache_read_input_tokens: 100, output_tokens: 40 },
      },
      { content: [{ type: 'text', text: 'Done.' }], usage: { input_tokens: 50, cache_read_input_tokens: 500, output_tokens: 8 } },
      { content: [{ type: 'text', text: 'Second turn.' }], usage: { input_tokens: 70, output_tokens: 9 } },
    ]);
    const env = codexHome(s.tmp('fw-usage-codex-home-'), model.url, KEY, { model: 'gpt-5.2' });
    const cwd = s.tmp('fw-usage-codex-');
    const spawn = await s.http('POST', '/agents', {
      driver: 'codex',
      workingDirectory: cwd,
      model: 'gpt-5.2',
      prompt: 'create the file',
      env,
    });
    expect(spawn.status).toBe(201);
    const id = spawn.body.id as string;
    await waitEvent(s, id, (e) => e.type === 'output' && e.text === 'Done.', 'first turn', 60_000);
    await waitState(s, id, 'ready');
    expect(readFileSync(join(cwd, 'priced.txt'), 'utf8')).toBe('priced\n');
    await s.http('POST', `/agents/${id}/send`, { message: 'again' });
    await waitEvent(s, id, (e) => e.type === 'output' && e.text === 'Second turn.', 'second turn', 60_000);

    const { items, total } = await recordsOf(id, 2);
    const turns: Tok[] = [
      { inputTokens: 450, outputTokens: 48, cacheReadInputTokens: 600, cacheCreationInputTokens: 0 },
      { inputTokens: 70, outputTokens: 9, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
    ];
    expect(items.map((r: any) => [r.granularity, r.provider, r.model, r.matchKind, r.tokens.input, r.tokens.cacheRead, r.tokens.output])).toEqual([
      ['turn', 'openai', 'gpt-5.2', 'exact', 450, 600, 48],
      ['turn', 'openai', 'gpt-5.2', 'exact', 70, 0, 9],
    ]);
    const micros = [await estimate('gpt-5.2', turns[0]), await estimate('gpt-5.2', turns[1])];
    expect(items.map((r: any) => r.costMicros)).toEqual(micros);
    expect(total).toMatchObject({ records: 2, inputTokens: 520, outputTokens: 57, cacheReadTokens: 600, costMicros: micros[0] + micros[1] });
    expect(total.costMicros).toBeGreaterThan(0);
    await s.http('DELETE', `/agents/${id}`);
  }, 180_000);

  it('acp (Gemini CLI --experimental-acp): one record per prompt turn with the model it used; totals equal the script', async () => {
    const KEY = 'usage-gemini';
    model.setScript(KEY, [
      // Turn 1: a shell call (asked of the guard through session/request_permission), then the answer.
      {
        content: [{ type: 'tool_use', name: 'run_shell_command', input: { command: 'echo gemini-was-here > gemini.txt', description: 'write a file' } }],
        usage: { input_tokens: 3000, output_tokens: 25 },
      },
      { content: [{ type: 'text', text: 'Wrote gemini.txt.' }], usage: { input_tokens: 3100, output_tokens: 12 } },
      { content: [{ type: 'text', text: 'Second prompt answered.' }], usage: { input_tokens: 3300, cache_read_input_tokens: 200, output_tokens: 7 } },
    ]);
    const home = s.tmp('fw-usage-gemini-home-');
    mkdirSync(join(home, '.gemini'));
    // Gemini CLI 0.61.0 takes GOOGLE_GEMINI_BASE_URL for the API-key auth type; its own "gateway" type fails validation.
    writeFileSync(join(home, '.gemini', 'settings.json'), JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } } }));
    const cwd = s.tmp('fw-usage-gemini-');
    const spawn = await s.http('POST', '/agents', {
      driver: 'acp',
      workingDirectory: cwd,
      command: [process.execPath, GEMINI_JS, '--experimental-acp', '--model', 'gemini-2.5-pro'],
      prompt: 'write the file',
      env: {
        HOME: home,
        GOOGLE_GEMINI_BASE_URL: model.url,
        GEMINI_API_KEY: KEY,
        GEMINI_CLI_TRUST_WORKSPACE: 'true',
        GEMINI_CLI_NO_RELAUNCH: 'true',
      },
    });
    expect(spawn.status).toBe(201);
    const id = spawn.body.id as string;
    await waitEvent(s, id, (e) => e.type === 'output' && e.stream === 'assistant' && e.text.includes('Wrote gemini.txt.'), 'first prompt', 90_000);
    await waitState(s, id, 'ready', 30_000);
    const events = await allEvents(s, id);
    expect(
      existsSync(join(cwd, 'gemini.txt')),
      JSON.stringify(events.map((e) => [e.type, (e as any).tool ?? (e as any).text ?? (e as any).error ?? (e as any).to])),
    ).toBe(true);
    expect(readFileSync(join(cwd, 'gemini.txt'), 'utf8')).toBe('gemini-was-here\n');
    expect(asked.filter((r) => r.agentId === id).map((r) => [r.tool, r.input])).toEqual([
      // Gemini CLI sends the command only as the title: the driver rebuilds the shell call (acp-tool-call.ts).
      ['run_shell_command', { command: 'echo gemini-was-here > gemini.txt', dir_path: cwd, description: 'write a file' }],
    ]);
    await s.http('POST', `/agents/${id}/send`, { message: 'and now?' });
    await waitEvent(s, id, (e) => e.type === 'output' && e.stream === 'assistant' && e.text.includes('Second prompt answered.'), 'second prompt', 90_000);

    const { items, total } = await recordsOf(id, 2);
    // Gemini CLI reports input (cached included) and output per model and prompt turn: no cache split.
    const turns: Tok[] = [
      { inputTokens: 6100, outputTokens: 37, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
      { inputTokens: 3500, outputTokens: 7, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
    ];
    expect(items.map((r: any) => [r.granularity, r.provider, r.model, r.matchKind, r.tokens.input, r.tokens.output])).toEqual([
      ['turn', 'google', 'gemini-2.5-pro', 'exact', 6100, 37],
      ['turn', 'google', 'gemini-2.5-pro', 'exact', 3500, 7],
    ]);
    const micros = [await estimate('gemini-2.5-pro', turns[0]), await estimate('gemini-2.5-pro', turns[1])];
    expect(items.map((r: any) => r.costMicros)).toEqual(micros);
    expect(total).toMatchObject({ records: 2, inputTokens: 9600, outputTokens: 44, costMicros: micros[0] + micros[1] });
    expect(total.costMicros).toBeGreaterThan(0);
    await s.http('DELETE', `/agents/${id}`);
  }, 240_000);
});
