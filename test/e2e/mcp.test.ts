import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { agentCredentialRpcs, agentStateEvent, coordRpcs } from '@flywheel/contracts';
import { connectNats, DurablePublisher, request, startService, type NatsConnection, type RunningService } from '@flywheel/kit';
import { startNats, testLogger, waitFor, type TestNats } from '@flywheel/kit/testing';
import { GatewayDefinition } from '@flywheel/gateway-api';
import { CoordinationDefinition } from '@flywheel/coordination';

const ADMIN = 'mcp-test-admin-0123456789abcdef';
const PROJECT = 'prj_mcptest000000000';
const TOOLS = [
  'acknowledge_message',
  'claim_task',
  'complete_task',
  'create_task',
  'fetch_inbox',
  'list_agents',
  'list_ready_tasks',
  'list_reservations',
  'release_paths',
  'request_handoff',
  'reserve_paths',
  'send_message',
  'update_task',
];

type ToolOut = { isError?: boolean; content: { type: string; text: string }[] };

describe('/mcp: the coordination tools over streamable HTTP, acting as the credential’s agent', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  let dirs: string[];
  let gw: RunningService;
  let coord: RunningService;
  let base: string;

  const connect = async (key: string) => {
    const client = new Client({ name: 'mcp-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
    return client;
  };
  const call = async (client: Client, name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as ToolOut;
  const json = (r: ToolOut) => JSON.parse(r.content[0].text);

  beforeAll(async () => {
    nats = await startNats();
    dirs = [mkdtempSync(join(tmpdir(), 'fw-mcp-gw-')), mkdtempSync(join(tmpdir(), 'fw-mcp-co-'))];
    coord = await startService(CoordinationDefinition, { NATS_URL: nats.url, DATA_DIR: dirs[1], LOG_LEVEL: 'silent', UNMERGED_SCAN_MS: '0' });
    gw = await startService(GatewayDefinition, { NATS_URL: nats.url, DATA_DIR: dirs[0], PORT: '0', LOG_LEVEL: 'silent', FLYWHEEL_ADMIN_KEY: ADMIN });
    base = `http://127.0.0.1:${(gw.instance as unknown as { port: number }).port}`;
    nc = await connectNats({ url: nats.url, name: 'mcp-test', logger: testLogger() });
    const durable = new DurablePublisher(nc, { logger: testLogger() });
    for (const agentId of ['mcp-a', 'mcp-b']) {
      await durable.publish(
        agentStateEvent,
        [agentId],
        { type: 'state', agentId, seq: 1, ts: new Date().toISOString(), to: 'ready', projectId: PROJECT, accountId: 'default', treeRoot: '/r' },
        `${agentId}:1`,
      );
    }
    await durable.close();
    await waitFor(async () => (await request(nc, coordRpcs.agents, { projectId: PROJECT })).items.length === 2, { what: 'agents known' });
  });
  afterAll(async () => {
    await gw?.stop();
    await coord?.stop();
    await nc?.drain();
    await nats?.stop();
    for (const d of dirs ?? []) rmSync(d, { recursive: true, force: true });
  });

  it('lists the coordination and task tools', async () => {
    const { token } = await request(nc, agentCredentialRpcs.mint, { agentId: 'mcp-a', accountId: 'default' });
    const client = await connect(token);
    try {
      expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(TOOLS);
    } finally {
      await client.close();
    }
  });

  it('an agent reserves, messages and reads its inbox as itself, and cannot act as another agent', async () => {
    const a = await connect((await request(nc, agentCredentialRpcs.mint, { agentId: 'mcp-a', accountId: 'default' })).token);
    const b = await connect((await request(nc, agentCredentialRpcs.mint, { agentId: 'mcp-b', accountId: 'default' })).token);
    try {
      const reserved = json(await call(a, 'reserve_paths', { patterns: ['./src/api/'] }));
      expect(reserved.reservation).toMatchObject({ agentId: 'mcp-a', projectId: PROJECT, patterns: ['src/api/**'], mode: 'exclusive' });
      const refused = await call(b, 'reserve_paths', { patterns: ['src/**'] });
      expect(refused.isError).toBe(true);
      expect(refused.content[0].text).toMatch(/^CONFLICT: .*mcp-a/);
      expect(json(await call(b, 'list_reservations', {})).items.map((r: { agentId: string }) => r.agentId)).toEqual(['mcp-a']);
      const sent = json(await call(a, 'send_message', { to: ['mcp-b'], subject: 'api is mine', body: 'until noon', ackRequired: true }));
      const inbox = json(await call(b, 'fetch_inbox', {}));
      expect(inbox.items[0]).toMatchObject({ id: sent.id, from: 'mcp-a', subject: 'api is mine', recipient: 'mcp-b' });
      expect(json(await call(b, 'acknowledge_message', { messageId: sent.id })).ackedAt).toBeDefined();
      const impersonation = await call(b, 'reserve_paths', { patterns: ['docs/**'], agentId: 'mcp-a' });
      expect(impersonation.content[0].text).toMatch(/^FORBIDDEN/);
      expect(
        json(await call(a, 'list_agents', {}))
          .items.map((x: { agentId: string }) => x.agentId)
          .sort(),
      ).toEqual(['mcp-a', 'mcp-b']);
      expect(json(await call(a, 'release_paths', {})).released).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('an operator key names the agent it acts for; a viewer key is refused before any input is read', async () => {
    const op = await connect(ADMIN);
    try {
      expect((await call(op, 'reserve_paths', { patterns: ['x/**'] })).content[0].text).toMatch(/^BAD_REQUEST: invalid agentId/);
      expect(json(await call(op, 'reserve_paths', { patterns: ['x/**'], agentId: 'mcp-b' })).reservation.agentId).toBe('mcp-b');
    } finally {
      await op.close();
    }
    const viewer = (await (
      await fetch(`${base}/api/v1/keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ accountId: 'default', role: 'viewer' }),
      })
    ).json()) as { key: string };
    const res = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${viewer.key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
    });
    expect(res.status).toBe(403);
    expect((await fetch(`${base}/mcp`, { method: 'GET', headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(405);
  });
});
