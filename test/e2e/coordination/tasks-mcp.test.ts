/** Agents use the work graph through the gateway's real /mcp endpoint with their own credentials. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { agentCredentialRpcs, agentStateEvent, coordRpcs } from '@flywheel/contracts';
import { DurablePublisher, request } from '@flywheel/kit';
import { testLogger, waitFor } from '@flywheel/kit/testing';
import { startStack, type Stack } from '../../support/index.ts';

const P = 'prj_taskmcp00000001';
type ToolOut = { isError?: boolean; content: { type: string; text: string }[] };

let s: Stack;
const clients: Client[] = [];
const connect = async (agentId: string) => {
  const { token } = await request(s.nc, agentCredentialRpcs.mint, { agentId, accountId: 'acct-a' });
  const client = new Client({ name: 'tasks-mcp', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${s.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  clients.push(client);
  return client;
};
const call = async (c: Client, name: string, args: Record<string, unknown> = {}) => (await c.callTool({ name, arguments: args })) as ToolOut;
const json = (r: ToolOut) => {
  if (r.isError) throw new Error(r.content[0].text);
  return JSON.parse(r.content[0].text);
};

beforeAll(async () => {
  s = await startStack({ services: ['coordination', 'gateway-api'] });
  const durable = new DurablePublisher(s.nc, { logger: testLogger() });
  for (const agentId of ['tm-a', 'tm-b']) {
    await durable.publish(
      agentStateEvent,
      [agentId],
      { type: 'state', agentId, seq: 1, ts: new Date().toISOString(), to: 'ready', projectId: P, accountId: 'acct-a', treeRoot: '/r' },
      `${agentId}:1`,
    );
  }
  await durable.close();
  await waitFor(async () => (await request(s.nc, coordRpcs.agents, { projectId: P })).items.length === 2, { what: 'agents known' });
});
afterAll(async () => {
  for (const c of clients) await c.close();
  await s?.stop();
});

describe('task tools over /mcp', () => {
  it('an agent lists ready work, claims it, records discovered work linked to it, and completes it; the next task becomes ready', async () => {
    const first = (await s.http('POST', '/tasks', { projectId: P, title: 'first', priority: 1, acceptance: 'returns 42' })).body.id;
    const second = (await s.http('POST', '/tasks', { projectId: P, title: 'second', priority: 0, dependencies: [{ type: 'blocks', dependsOn: first }] })).body
      .id;
    const a = await connect('tm-a');
    const b = await connect('tm-b');
    expect(json(await call(a, 'list_ready_tasks')).items.map((t: { id: string }) => t.id)).toEqual([first]);
    expect(json(await call(a, 'claim_task', { taskId: first }))).toMatchObject({ status: 'in_progress', assignee: 'tm-a' });
    const taken = await call(b, 'claim_task', { taskId: first });
    expect(taken.isError).toBe(true);
    expect(taken.content[0].text).toMatch(/^CONFLICT: task .* is in_progress, not ready/);
    const blocked = await call(b, 'claim_task', { taskId: second });
    expect(blocked.content[0].text.split('\n')[0]).toBe(`CONFLICT: task ${second} is blocked by ${first}`);

    const found = json(await call(a, 'create_task', { title: 'flaky test found', type: 'bug', priority: 3 }));
    expect(found).toMatchObject({ title: 'flaky test found', type: 'bug', status: 'open', dependencies: [{ type: 'discovered-from', dependsOn: first }] });
    expect(json(await call(a, 'update_task', { taskId: found.id, priority: 1, labels: ['ci'] }))).toMatchObject({ priority: 1, labels: ['ci'] });

    // Another agent may not complete a task assigned to tm-a.
    expect((await call(b, 'complete_task', { taskId: first })).content[0].text).toMatch(/^FORBIDDEN: /);
    const done = json(await call(a, 'complete_task', { note: 'returns 42 now' }));
    expect(done.task).toMatchObject({ id: first, status: 'done' });
    expect(done.unblocked.map((t: { id: string }) => t.id)).toEqual([second]);
    expect(json(await call(b, 'list_ready_tasks')).items.map((t: { id: string }) => t.id)).toEqual([second, found.id]);

    const history = (await s.http('GET', `/tasks/${first}/history`)).body.items;
    expect(history.map((h: { action: string; agentId?: string }) => [h.action, h.agentId])).toEqual([
      ['created', undefined],
      ['claimed', 'tm-a'],
      ['completed', 'tm-a'],
      ['updated', 'tm-a'],
    ]);
    expect(history.at(-1).changes).toEqual({ note: { to: 'returns 42 now' } });
  });

  it('complete_task without a task in hand says so', async () => {
    const b = await connect('tm-b');
    const r = await call(b, 'complete_task');
    expect(r.isError).toBe(true);
    expect(r.content[0].text).toMatch(/^BAD_REQUEST: invalid taskId: you are working on no task/);
  });
});
