import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import WebSocket from 'ws';
import { ErrorBody, HealthReport } from '@flywheel/contracts';
import { wireSubject } from '@flywheel/kit';
import { accessOf, startStack, type Stack } from '../support/index.ts';

const LONG = 'x'.repeat(5000);
const HUGE = 1e300;

interface Reply {
  status: number;
  body: any;
}

/**
 * One bad-input probe. `path` is sent byte for byte (no URL normalisation), so `..` and `%00` reach
 * the gateway as written; `raw` is sent as the body as is; `json` is serialised. `field` must appear
 * in the error message when the problem is one field.
 */
interface Probe {
  name: string;
  method: string;
  path: string;
  json?: unknown;
  raw?: string;
  contentType?: string;
  noAuth?: boolean;
  status: number;
  code?: ErrorBody['code'];
  field?: string | RegExp;
}

describe('bad input across the whole system: always a 4xx in the one envelope, never a 5xx or a crash', () => {
  let stack: Stack;
  let nc: NatsConnection;
  let port: number;
  // Filled in beforeAll: a live tmux agent, an ended one, a budget.
  const ids = { live: '', ended: '', budget: '' };

  /**
   * Raw HTTP so odd paths are not normalised by a URL parser on the way out. Unless told otherwise it
   * presents a key of the role the route needs, so every probe gets past the edge to the validation.
   */
  async function http(
    method: string,
    path: string,
    o: { json?: unknown; raw?: string; contentType?: string; noAuth?: boolean; key?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const payload = o.raw ?? (o.json === undefined ? undefined : JSON.stringify(o.json));
    const headers: Record<string, string> = { ...o.headers };
    const role = accessOf(method, path);
    const key = o.noAuth ? undefined : (o.key ?? (role === 'public' ? undefined : await stack.key(role)));
    if (key) headers.authorization = `Bearer ${key}`;
    if (payload !== undefined) {
      headers['content-type'] = o.contentType ?? 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // left as text; the envelope assertion will say so
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      });
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  const api = (method: string, path: string, json?: unknown) => http(method, `/api/v1${path}`, { json });
  /** Reads across accounts (records published without one are an admin's to see). */
  const adminApi = (method: string, path: string) => http(method, `/api/v1${path}`, { key: stack.adminKey });

  /** Polls until `ok` holds (there is no event to await across processes); throws naming `what`. */
  async function until(what: string, ok: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await ok())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((res) => setTimeout(res, 50));
    }
  }

  const waitAgentState = (id: string, states: string[]) =>
    until(`agent ${id} to be ${states.join('/')}`, async () => states.includes((await api('GET', `/agents/${id}`)).body?.state), 15_000);

  beforeAll(async () => {
    stack = await startStack({
      services: ['ws-hub', 'safety', 'cost', 'coordination', { name: 'agent-runner', env: { TMUX_POLL_MS: '50', REAPER_MS: '200' } }, 'gateway-api'],
      sharedDataDir: true,
    });
    port = stack.port('gateway-api');
    nc = await connect({ servers: stack.nats.url });

    ids.live = (await api('POST', '/agents', { driver: 'tmux', workingDirectory: '/tmp', command: ['sh'] })).body.id;
    ids.ended = (await api('POST', '/agents', { driver: 'tmux', workingDirectory: '/tmp', command: ['sh'] })).body.id;
    await waitAgentState(ids.live, ['ready']);
    await waitAgentState(ids.ended, ['ready']);
    await api('DELETE', `/agents/${ids.ended}`);
    await waitAgentState(ids.ended, ['terminated', 'failed']);
    ids.budget = (await api('POST', '/cost-analytics/budgets', { scope: { kind: 'global' }, max_budget: 1_000_000, budget_duration: 'daily' })).body.id;
  });

  afterAll(async () => {
    await nc?.close();
    await stack?.stop();
  });

  /** The one envelope, a code from the closed vocabulary, a request id, and the field named. */
  function expectEnvelope(r: Reply, p: Pick<Probe, 'status' | 'code' | 'field'>): void {
    expect(r.status, JSON.stringify(r.body)).toBeGreaterThanOrEqual(400);
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
    expect(r.status, JSON.stringify(r.body)).toBe(p.status);
    expect(Object.keys(r.body ?? {}), JSON.stringify(r.body)).toEqual(['error']);
    const error = ErrorBody.parse(r.body.error);
    expect(error.requestId).toEqual(expect.any(String));
    if (p.code) expect(error.code).toBe(p.code);
    if (p.field) expect(error.message).toMatch(p.field);
  }

  const AGENT = '/api/v1/agents';
  const COST = '/api/v1/cost-analytics';
  const DCG = '/api/v1/dcg';
  const BAD = { status: 400, code: 'BAD_REQUEST' } as const;
  const NOT_FOUND = { status: 404, code: 'NOT_FOUND' } as const;
  const CONFLICT = { status: 409, code: 'CONFLICT' } as const;

  // Every POST/PUT/PATCH route with a body, and the battery each gets.
  const bodyRoutes: [string, string][] = [
    ['POST', `${AGENT}`],
    ['POST', `${AGENT}/LIVE/send`],
    ['POST', `${COST}/estimate`],
    ['POST', `${COST}/rate-cards`],
    ['POST', `${COST}/reprice`],
    ['POST', `${COST}/budgets`],
    ['PATCH', `${COST}/budgets/BUDGET`],
    ['POST', `${COST}/recommendations/refresh`],
    ['POST', `${COST}/recommendations/rec_x/status`],
    ['POST', `${DCG}/check`],
    ['POST', `${DCG}/explain`],
    ['PUT', `${DCG}/rules/core.git:reset-hard/action`],
    ['PUT', `${DCG}/packs/enabled`],
    ['POST', `${DCG}/packs`],
    ['POST', `${DCG}/allowlist`],
    ['POST', `${DCG}/exceptions/exc_x/approve`],
    ['POST', `${DCG}/exceptions/exc_x/deny`],
    ['POST', '/api/v1/keys'],
  ];
  const battery: [string, Partial<Probe>][] = [
    ['malformed JSON', { raw: '{"a":', field: /malformed JSON/ }],
    ['a JSON array instead of an object', { raw: '[1,2,3]' }],
    ['an empty JSON object', { json: {} }],
    ['a text/plain body', { raw: '{"message":"hi"}', contentType: 'text/plain', field: /content-type/ }],
    ['a form-encoded body', { raw: 'message=hi', contentType: 'application/x-www-form-urlencoded', field: /content-type/ }],
    ['a JSON body in an unsupported charset', { raw: '{}', contentType: 'application/json; charset=latin1' }],
    ['a JSON string', { raw: '"hello"' }],
    ['JSON null', { raw: 'null' }],
  ];
  // An empty patch, a refresh with every default and a deny without a note are valid requests, so `{}` is not bad input there.
  const allOptional = new Set([`${COST}/budgets/BUDGET`, `${COST}/recommendations/refresh`, `${DCG}/exceptions/exc_x/deny`]);
  const bodyProbes: Probe[] = bodyRoutes.flatMap(([method, path]) =>
    battery
      .filter(([what]) => !(allOptional.has(path) && what === 'an empty JSON object'))
      .map(([what, p]) => ({ name: `${method} ${path} with ${what}`, method, path, ...BAD, ...p })),
  );

  // Field-level problems: wrong types, negative/huge numbers, overlong strings, bad enums.
  const fieldProbes: Probe[] = [
    { name: 'spawn with a numeric driver names driver', method: 'POST', path: AGENT, json: { driver: 1, workingDirectory: '/tmp' }, ...BAD, field: /driver/ },
    {
      name: 'spawn with a relative working directory names workingDirectory',
      method: 'POST',
      path: AGENT,
      json: { driver: 'sdk', workingDirectory: 'tmp' },
      ...BAD,
      field: /workingDirectory/,
    },
    {
      name: 'spawn with an overlong name names name',
      method: 'POST',
      path: AGENT,
      json: { driver: 'sdk', workingDirectory: '/tmp', name: LONG },
      ...BAD,
      field: /name/,
    },
    {
      name: 'spawn with command as a string names command',
      method: 'POST',
      path: AGENT,
      json: { driver: 'tmux', workingDirectory: '/tmp', command: 'sh' },
      ...BAD,
      field: /command/,
    },
    {
      name: 'spawn with a bad env name names env',
      method: 'POST',
      path: AGENT,
      json: { driver: 'tmux', workingDirectory: '/tmp', command: ['sh'], env: { 'A-B': 'x' } },
      ...BAD,
      field: /env/,
    },
    {
      name: 'spawn with a NUL byte in an env value',
      method: 'POST',
      path: AGENT,
      json: { driver: 'tmux', workingDirectory: '/tmp', command: ['sh'], env: { A: 'x\u0000y' } },
      ...BAD,
      field: /env/,
    },
    {
      name: 'spawn with a NUL byte in the command',
      method: 'POST',
      path: AGENT,
      json: { driver: 'tmux', workingDirectory: '/tmp', command: ['s\u0000h'] },
      ...BAD,
      field: /command/,
    },
    {
      name: 'spawn with a NUL byte in the working directory',
      method: 'POST',
      path: AGENT,
      json: { driver: 'tmux', workingDirectory: '/tmp\u0000', command: ['sh'] },
      ...BAD,
      field: /workingDirectory/,
    },
    {
      name: 'spawn with a NUL byte in the acp command',
      method: 'POST',
      path: AGENT,
      json: { driver: 'acp', workingDirectory: '/tmp', command: ['s\u0000h'] },
      ...BAD,
      field: /command/,
    },
    { name: 'send with a NUL byte in the message', method: 'POST', path: `${AGENT}/LIVE/send`, json: { message: 'echo \u0000' }, ...BAD, field: /message/ },
    { name: 'send with a numeric message names message', method: 'POST', path: `${AGENT}/LIVE/send`, json: { message: 42 }, ...BAD, field: /message/ },
    { name: 'send with an empty message names message', method: 'POST', path: `${AGENT}/LIVE/send`, json: { message: '' }, ...BAD, field: /message/ },
    {
      name: 'estimate with negative tokens names inputTokens',
      method: 'POST',
      path: `${COST}/estimate`,
      json: { model: 'claude-sonnet-4-5', usage: { inputTokens: -1, outputTokens: 0 } },
      ...BAD,
      field: /inputTokens/,
    },
    {
      name: 'estimate with fractional tokens names outputTokens',
      method: 'POST',
      path: `${COST}/estimate`,
      json: { model: 'claude-sonnet-4-5', usage: { inputTokens: 1, outputTokens: 1.5 } },
      ...BAD,
      field: /outputTokens/,
    },
    {
      name: 'estimate with a huge token count names inputTokens',
      method: 'POST',
      path: `${COST}/estimate`,
      json: { model: 'claude-sonnet-4-5', usage: { inputTokens: HUGE, outputTokens: 0 } },
      ...BAD,
      field: /inputTokens/,
    },
    {
      name: 'estimate with the largest safe token count',
      method: 'POST',
      path: `${COST}/estimate`,
      json: { model: 'claude-opus-4-1', usage: { inputTokens: Number.MAX_SAFE_INTEGER, outputTokens: Number.MAX_SAFE_INTEGER } },
      ...BAD,
      field: /safe integer/,
    },
    {
      name: 'estimate with an overlong model names model',
      method: 'POST',
      path: `${COST}/estimate`,
      json: { model: LONG, usage: { inputTokens: 1, outputTokens: 1 } },
      ...BAD,
      field: /model/,
    },
    {
      name: 'rate-card import with a bad effectiveFrom names effectiveFrom',
      method: 'POST',
      path: `${COST}/rate-cards`,
      json: { version: 'v', effectiveFrom: 'yesterday', prices: {} },
      ...BAD,
      field: /effectiveFrom/,
    },
    {
      name: 'rate-card import with prices as an array names prices',
      method: 'POST',
      path: `${COST}/rate-cards`,
      json: { version: 'v', effectiveFrom: '2025-01-01T00:00:00Z', prices: [] },
      ...BAD,
      field: /prices/,
    },
    {
      name: 'rate-card import whose prices are not objects',
      method: 'POST',
      path: `${COST}/rate-cards`,
      json: { version: 'v-bad', effectiveFrom: '2025-01-01T00:00:00Z', prices: { 'm-1': 'cheap', 'm-2': { input_cost_per_token: -1 } } },
      ...BAD,
      field: /m-1/,
    },
    {
      name: 'reprice with from after to names to',
      method: 'POST',
      path: `${COST}/reprice`,
      json: { from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' },
      ...BAD,
      field: /to/,
    },
    {
      name: 'budget with a negative max_budget names max_budget',
      method: 'POST',
      path: `${COST}/budgets`,
      json: { scope: { kind: 'global' }, max_budget: -5, budget_duration: 'daily' },
      ...BAD,
      field: /max_budget/,
    },
    {
      name: 'budget with a huge max_budget names max_budget',
      method: 'POST',
      path: `${COST}/budgets`,
      json: { scope: { kind: 'global' }, max_budget: HUGE, budget_duration: 'daily' },
      ...BAD,
      field: /max_budget/,
    },
    {
      name: 'budget with max_budget past the largest safe integer names max_budget',
      method: 'POST',
      path: `${COST}/budgets`,
      json: { scope: { kind: 'global' }, max_budget: 2 ** 53, budget_duration: 'daily' },
      ...BAD,
      field: /max_budget/,
    },
    {
      name: 'budget with 21 thresholds names thresholds',
      method: 'POST',
      path: `${COST}/budgets`,
      json: { scope: { kind: 'global' }, max_budget: 1, budget_duration: 'daily', thresholds: Array(21).fill(50) },
      ...BAD,
      field: /thresholds/,
    },
    {
      name: 'budget with a bad duration names budget_duration',
      method: 'POST',
      path: `${COST}/budgets`,
      json: { scope: { kind: 'global' }, max_budget: 1, budget_duration: 'hourly' },
      ...BAD,
      field: /budget_duration/,
    },
    {
      name: 'budget with an agent scope without a value names value',
      method: 'POST',
      path: `${COST}/budgets`,
      json: { scope: { kind: 'agent' }, max_budget: 1, budget_duration: 'daily' },
      ...BAD,
      field: /value/,
    },
    {
      name: 'budget with thresholds as strings names thresholds',
      method: 'POST',
      path: `${COST}/budgets`,
      json: { scope: { kind: 'global' }, max_budget: 1, budget_duration: 'daily', thresholds: ['50'] },
      ...BAD,
      field: /thresholds/,
    },
    {
      name: 'budget patch with a negative soft_budget names soft_budget',
      method: 'PATCH',
      path: `${COST}/budgets/BUDGET`,
      json: { soft_budget: -1 },
      ...BAD,
      field: /soft_budget/,
    },
    {
      name: 'budget patch with action as a number names action',
      method: 'PATCH',
      path: `${COST}/budgets/BUDGET`,
      json: { action: 3 },
      ...BAD,
      field: /action/,
    },
    {
      name: 'recommendations refresh with days=0 names days',
      method: 'POST',
      path: `${COST}/recommendations/refresh`,
      json: { days: 0 },
      ...BAD,
      field: /days/,
    },
    {
      name: 'recommendations refresh with days as a string names days',
      method: 'POST',
      path: `${COST}/recommendations/refresh`,
      json: { days: 'ten' },
      ...BAD,
      field: /days/,
    },
    {
      name: 'recommendation status with an unknown status names status',
      method: 'POST',
      path: `${COST}/recommendations/rec_x/status`,
      json: { status: 'done' },
      ...BAD,
      field: /status/,
    },
    { name: 'dcg check with an empty command names command', method: 'POST', path: `${DCG}/check`, json: { command: '' }, ...BAD, field: /command/ },
    {
      name: 'dcg check with a malformed agentId names agentId',
      method: 'POST',
      path: `${DCG}/check`,
      json: { command: 'ls', agentId: 'a b' },
      ...BAD,
      field: /agentId/,
    },
    { name: 'dcg check with a numeric cwd names cwd', method: 'POST', path: `${DCG}/check`, json: { command: 'ls', cwd: 7 }, ...BAD, field: /cwd/ },
    {
      name: 'dcg rule action with an unknown action names action',
      method: 'PUT',
      path: `${DCG}/rules/core.git:reset-hard/action`,
      json: { action: 'explode', actor: 'me' },
      ...BAD,
      field: /action/,
    },
    {
      name: 'dcg rule action with an overlong rule id names ruleId',
      method: 'PUT',
      path: `${DCG}/rules/${'r'.repeat(300)}/action`,
      json: { action: 'ask', actor: 'me' },
      ...BAD,
      field: /ruleId/,
    },
    {
      name: 'dcg packs enable with global and a scopeId says scopeId',
      method: 'PUT',
      path: `${DCG}/packs/enabled`,
      json: { scope: 'global', scopeId: 'p', packs: [], actor: 'me' },
      ...BAD,
      field: /scopeId/,
    },
    {
      name: 'dcg packs enable with packs as a string names packs',
      method: 'PUT',
      path: `${DCG}/packs/enabled`,
      json: { scope: 'global', packs: 'core', actor: 'me' },
      ...BAD,
      field: /packs/,
    },
    {
      name: 'dcg pack upload with unknown format names format',
      method: 'POST',
      path: `${DCG}/packs`,
      json: { format: 'toml', content: 'x', actor: 'me' },
      ...BAD,
      field: /format/,
    },
    { name: 'dcg pack upload with unparseable yaml', method: 'POST', path: `${DCG}/packs`, json: { format: 'yaml', content: ': : : [', actor: 'me' }, ...BAD },
    {
      name: 'dcg pack upload with a json pack missing its rules',
      method: 'POST',
      path: `${DCG}/packs`,
      json: { format: 'json', content: '{"id":"x"}', actor: 'me' },
      ...BAD,
    },
    {
      name: 'dcg allowlist add with a blank reason names reason',
      method: 'POST',
      path: `${DCG}/allowlist`,
      json: { kind: 'rule', ruleId: 'core.git:reset-hard', scope: 'global', reason: '  ', actor: 'me' },
      ...BAD,
      field: /reason/,
    },
    {
      name: 'dcg allowlist add with a bad expiresAt names expiresAt',
      method: 'POST',
      path: `${DCG}/allowlist`,
      json: { kind: 'rule', ruleId: 'core.git:reset-hard', scope: 'global', reason: 'r', actor: 'me', expiresAt: 'soon' },
      ...BAD,
      field: /expiresAt/,
    },
    {
      name: 'dcg approve with an unknown grant names grant',
      method: 'POST',
      path: `${DCG}/exceptions/exc_x/approve`,
      json: { grant: 'forever', decidedBy: 'me' },
      ...BAD,
      field: /grant/,
    },
    {
      name: 'dcg deny with an overlong note names note',
      method: 'POST',
      path: `${DCG}/exceptions/exc_x/deny`,
      json: { decidedBy: 'me', note: LONG },
      ...BAD,
      field: /note/,
    },
    { name: 'key create with an unknown role names role', method: 'POST', path: '/api/v1/keys', json: { accountId: 'a', role: 'root' }, ...BAD, field: /role/ },
    {
      name: 'key create with an odd accountId names accountId',
      method: 'POST',
      path: '/api/v1/keys',
      json: { accountId: '../etc', role: 'viewer' },
      ...BAD,
      field: /accountId/,
    },
  ];

  // Query strings: limit=-1, limit=abc, huge, garbage cursors and enums, on every list route.
  const listRoutes = [
    `${AGENT}`,
    `${AGENT}/LIVE/output`,
    `${AGENT}/LIVE/events`,
    `${AGENT}/LIVE/checkpoints`,
    `${AGENT}/LIVE/commands`,
    `${COST}/records`,
    `${DCG}/decisions`,
  ];
  const limitOnly = [`${COST}/top`, `${COST}/budgets/alerts`, `${DCG}/exceptions`, `${DCG}/audit`];
  const queryProbes: Probe[] = [
    ...[...listRoutes, ...limitOnly].flatMap((path) => [
      { name: `GET ${path}?limit=-1 names limit`, method: 'GET', path: `${path}?limit=-1`, ...BAD, field: /limit/ },
      { name: `GET ${path}?limit=abc names limit`, method: 'GET', path: `${path}?limit=abc`, ...BAD, field: /limit/ },
      { name: `GET ${path}?limit=1e400 names limit`, method: 'GET', path: `${path}?limit=1e400`, ...BAD, field: /limit/ },
      { name: `GET ${path}?limit= names limit`, method: 'GET', path: `${path}?limit=`, ...BAD, field: /limit/ },
      { name: `GET ${path} with limit given twice names limit`, method: 'GET', path: `${path}?limit=1&limit=2`, ...BAD, field: /limit/ },
    ]),
    ...listRoutes.flatMap((path) => [
      { name: `GET ${path}?cursor=garbage`, method: 'GET', path: `${path}?cursor=%25%00garbage!`, ...BAD, field: /cursor/ },
      { name: `GET ${path} with an overlong cursor names cursor`, method: 'GET', path: `${path}?cursor=${'c'.repeat(600)}`, ...BAD, field: /cursor/ },
    ]),
    { name: 'GET agents?state=sleeping names state', method: 'GET', path: `${AGENT}?state=sleeping`, ...BAD, field: /state/ },
    { name: 'GET agent events with an unknown type names types', method: 'GET', path: `${AGENT}/LIVE/events?types=nope`, ...BAD, field: /types/ },
    { name: 'GET cost records with from=yesterday names from', method: 'GET', path: `${COST}/records?from=yesterday`, ...BAD, field: /from/ },
    { name: 'GET cost records with divergent=maybe names divergent', method: 'GET', path: `${COST}/records?divergent=maybe`, ...BAD, field: /divergent/ },
    { name: 'GET cost records with an odd agentId names agentId', method: 'GET', path: `${COST}/records?agentId=..%2F..`, ...BAD, field: /agentId/ },
    { name: 'GET cost summary with groupBy=colour names groupBy', method: 'GET', path: `${COST}/summary?groupBy=colour`, ...BAD, field: /groupBy/ },
    { name: 'GET cost timeseries with interval=minute names interval', method: 'GET', path: `${COST}/timeseries?interval=minute`, ...BAD, field: /interval/ },
    { name: 'GET cost top with by=colour names by', method: 'GET', path: `${COST}/top?by=colour`, ...BAD, field: /by/ },
    { name: 'GET cost export with to=never names to', method: 'GET', path: `${COST}/export.csv?to=never`, ...BAD, field: /to/ },
    { name: 'GET cost forecast with horizonDays=-3 names horizonDays', method: 'GET', path: `${COST}/forecast?horizonDays=-3`, ...BAD, field: /horizonDays/ },
    { name: 'GET cost forecast with confidence=0.5 names confidence', method: 'GET', path: `${COST}/forecast?confidence=0.5`, ...BAD, field: /confidence/ },
    { name: 'GET cost forecast with asOf=2025-13-45 names asOf', method: 'GET', path: `${COST}/forecast?asOf=2025-13-45`, ...BAD, field: /asOf/ },
    { name: 'GET cost forecast with asOf=2025-02-30 names asOf', method: 'GET', path: `${COST}/forecast?asOf=2025-02-30`, ...BAD, field: /asOf/ },
    { name: 'GET cost forecast with asOf=9999-12-31', method: 'GET', path: `${COST}/forecast?asOf=9999-12-31`, ...BAD, field: /asOf/ },
    { name: 'GET cost forecast with asOf=0000-01-01', method: 'GET', path: `${COST}/forecast?asOf=0000-01-01`, ...BAD, field: /asOf/ },
    { name: 'GET cost records with from=+275760-09-13', method: 'GET', path: `${COST}/records?from=%2B275760-09-13T00:00:00Z`, ...BAD, field: /from/ },
    {
      name: 'GET cost records with a well-formed cursor of the wrong shape',
      method: 'GET',
      path: `${COST}/records?cursor=${Buffer.from('[1e999,"x"]').toString('base64url')}`,
      ...BAD,
      field: /cursor/,
    },
    { name: 'GET recommendations with status=nope names status', method: 'GET', path: `${COST}/recommendations?status=nope`, ...BAD, field: /status/ },
    { name: 'GET dcg decisions with decision=maybe names decision', method: 'GET', path: `${DCG}/decisions?decision=maybe`, ...BAD, field: /decision/ },
    { name: 'GET dcg stats with since=later names since', method: 'GET', path: `${DCG}/stats?since=later`, ...BAD, field: /since/ },
    { name: 'GET dcg exceptions with status=nope names status', method: 'GET', path: `${DCG}/exceptions?status=nope`, ...BAD, field: /status/ },
    {
      name: 'GET dcg packs with an overlong projectId names projectId',
      method: 'GET',
      path: `${DCG}/packs?projectId=${'p'.repeat(200)}`,
      ...BAD,
      field: /projectId/,
    },
    { name: 'GET dcg rules with a blank profileId names profileId', method: 'GET', path: `${DCG}/rules?profileId=%20`, ...BAD, field: /profileId/ },
    {
      name: 'DELETE a dcg pack with an actor in the query (who acted comes from the key)',
      method: 'DELETE',
      path: `${DCG}/packs/custom-x?actor=me`,
      ...BAD,
      field: /query/,
    },
    { name: 'DELETE an allowlist entry with an actor in the query', method: 'DELETE', path: `${DCG}/allowlist/al_x?actor=me`, ...BAD, field: /query/ },
  ];

  // Path params with odd characters, sent verbatim. A param that is not valid percent-encoding fails in
  // Express before any schema sees it ("Failed to decode param"), so those name the param, not the field.
  const oddIds = [
    ['..', '..'],
    ['%00', 'NUL'],
    ['a%20b', 'a space'],
    ['%E2%9C%93', 'a non-ASCII character'],
    ['x'.repeat(300), 'a 300-character id'],
    ['a.b', 'a dot'],
    ['%', 'a lone percent sign'],
    ['%E0%A4%A', 'a truncated percent-encoding'],
    ['a%2Fb', 'an encoded slash'],
  ];
  const pathProbes: Probe[] = oddIds
    .flatMap(([raw, what]): Probe[] => [
      { name: `GET an agent whose id is ${what}`, method: 'GET', path: `${AGENT}/${raw}/events`, ...BAD, field: /id|decode param/ },
      {
        name: `POST send to an agent whose id is ${what}`,
        method: 'POST',
        path: `${AGENT}/${raw}/send`,
        json: { message: 'hi' },
        ...BAD,
        field: /id|decode param/,
      },
      {
        name: `restore checkpoint ${what} of an agent whose id is ${what}`,
        method: 'POST',
        path: `${AGENT}/${raw}/checkpoints/${raw}/restore`,
        ...BAD,
        field: /id|decode param/,
      },
    ])
    .concat([
      {
        name: 'restore a checkpoint whose id is 300 characters names checkpointId',
        method: 'POST',
        path: `${AGENT}/LIVE/checkpoints/${'c'.repeat(300)}/restore`,
        ...BAD,
        field: /checkpointId/,
      },
      { name: 'GET a budget whose id is 300 characters names id', method: 'GET', path: `${COST}/budgets/${'b'.repeat(300)}`, ...BAD, field: /id/ },
      {
        name: 'PATCH a budget whose id is 300 characters names id',
        method: 'PATCH',
        path: `${COST}/budgets/${'b'.repeat(300)}`,
        json: { name: 'n' },
        ...BAD,
        field: /id/,
      },
      {
        name: 'approve an exception whose ref is 300 characters names ref',
        method: 'POST',
        path: `${DCG}/exceptions/${'e'.repeat(300)}/approve`,
        json: { grant: 'once', decidedBy: 'me' },
        ...BAD,
        field: /ref/,
      },
      { name: 'DELETE a key whose id is 300 characters names id', method: 'DELETE', path: `/api/v1/keys/${'k'.repeat(300)}`, ...BAD, field: /id/ },
    ]);

  // Unknown ids → 404; illegal state transitions → 409.
  const stateProbes: Probe[] = [
    { name: 'GET an unknown agent', method: 'GET', path: `${AGENT}/agt_nope`, ...NOT_FOUND },
    { name: 'DELETE an unknown agent', method: 'DELETE', path: `${AGENT}/agt_nope`, ...NOT_FOUND },
    { name: 'send to an unknown agent', method: 'POST', path: `${AGENT}/agt_nope/send`, json: { message: 'hi' }, ...NOT_FOUND },
    { name: 'interrupt an unknown agent', method: 'POST', path: `${AGENT}/agt_nope/interrupt`, ...NOT_FOUND },
    { name: 'output of an unknown agent', method: 'GET', path: `${AGENT}/agt_nope/output`, ...NOT_FOUND },
    { name: 'events of an unknown agent', method: 'GET', path: `${AGENT}/agt_nope/events`, ...NOT_FOUND },
    { name: 'checkpoint an unknown agent', method: 'POST', path: `${AGENT}/agt_nope/checkpoints`, ...NOT_FOUND },
    { name: 'checkpoints of an unknown agent', method: 'GET', path: `${AGENT}/agt_nope/checkpoints`, ...NOT_FOUND },
    { name: 'commands of an unknown agent', method: 'GET', path: `${AGENT}/agt_nope/commands`, ...NOT_FOUND },
    { name: 'restore an unknown checkpoint', method: 'POST', path: `${AGENT}/LIVE/checkpoints/chk_nope/restore`, ...NOT_FOUND },
    { name: 'send to a terminated agent', method: 'POST', path: `${AGENT}/ENDED/send`, json: { message: 'hi' }, ...CONFLICT },
    { name: 'terminate a terminated agent', method: 'DELETE', path: `${AGENT}/ENDED`, ...CONFLICT },
    { name: 'interrupt a terminated agent', method: 'POST', path: `${AGENT}/ENDED/interrupt`, ...CONFLICT },
    { name: 'checkpoint a terminated agent', method: 'POST', path: `${AGENT}/ENDED/checkpoints`, ...CONFLICT },
    {
      name: 'enable an unknown pack names the pack',
      method: 'PUT',
      path: `${DCG}/packs/enabled`,
      json: { scope: 'global', packs: ['nope.nope'], actor: 'me' },
      ...BAD,
      field: /nope\.nope/,
    },
    {
      name: 'allowlist an unknown rule',
      method: 'POST',
      path: `${DCG}/allowlist`,
      json: { kind: 'rule', ruleId: 'nope:nope', scope: 'global', reason: 'r', actor: 'me' },
      ...NOT_FOUND,
    },
    { name: 'delete a built-in pack (only custom packs can be deleted)', method: 'DELETE', path: `${DCG}/packs/core.git`, ...NOT_FOUND },
    {
      name: 'reprice with an unknown rate card version',
      method: 'POST',
      path: `${COST}/reprice`,
      json: { from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z', rateCardId: 'flywheel-default', rateCardVersion: 'nope' },
      ...NOT_FOUND,
    },
    { name: 'GET an unknown budget', method: 'GET', path: `${COST}/budgets/bud_nope`, ...NOT_FOUND },
    { name: 'PATCH an unknown budget', method: 'PATCH', path: `${COST}/budgets/bud_nope`, json: { name: 'n' }, ...NOT_FOUND },
    { name: 'DELETE an unknown budget', method: 'DELETE', path: `${COST}/budgets/bud_nope`, ...NOT_FOUND },
    {
      name: 'set the status of an unknown recommendation',
      method: 'POST',
      path: `${COST}/recommendations/rec_nope/status`,
      json: { status: 'applied' },
      ...NOT_FOUND,
    },
    {
      name: 'reprice with an unknown rate card',
      method: 'POST',
      path: `${COST}/reprice`,
      json: { from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z', rateCardId: 'nope' },
      ...NOT_FOUND,
    },
    {
      name: 'approve an unknown exception',
      method: 'POST',
      path: `${DCG}/exceptions/exc_nope/approve`,
      json: { grant: 'once', decidedBy: 'me' },
      ...NOT_FOUND,
    },
    { name: 'deny an unknown exception', method: 'POST', path: `${DCG}/exceptions/exc_nope/deny`, json: { decidedBy: 'me' }, ...NOT_FOUND },
    { name: 'DELETE an unknown custom pack', method: 'DELETE', path: `${DCG}/packs/custom-nope`, ...NOT_FOUND },
    { name: 'DELETE an unknown allowlist entry', method: 'DELETE', path: `${DCG}/allowlist/al_nope`, ...NOT_FOUND },
    {
      name: 'set the action of an unknown rule',
      method: 'PUT',
      path: `${DCG}/rules/core.nope:nope/action`,
      json: { action: 'ask', actor: 'me' },
      ...NOT_FOUND,
    },
    { name: 'DELETE an unknown key', method: 'DELETE', path: '/api/v1/keys/key_nope', ...NOT_FOUND },
    { name: 'an unknown route under /api/v1', method: 'GET', path: '/api/v1/nope', ...NOT_FOUND },
    { name: 'an unknown method on a known route', method: 'PUT', path: `${AGENT}`, json: {}, ...NOT_FOUND },
  ];

  // Credentials: the routes that need a key say so with 401.
  const authProbes: Probe[] = [
    {
      name: 'POST /keys without a key',
      method: 'POST',
      path: '/api/v1/keys',
      json: { accountId: 'a', role: 'viewer' },
      noAuth: true,
      status: 401,
      code: 'UNAUTHORIZED',
    },
    { name: 'DELETE /keys/:id without a key', method: 'DELETE', path: '/api/v1/keys/key_x', noAuth: true, status: 401, code: 'UNAUTHORIZED' },
    { name: 'POST /ws/token without a key', method: 'POST', path: '/api/v1/ws/token', noAuth: true, status: 401, code: 'UNAUTHORIZED' },
  ];

  const fill = (path: string) => path.replace('LIVE', ids.live).replace('ENDED', ids.ended).replace('BUDGET', ids.budget);

  describe('REST under /api/v1', () => {
    for (const [group, probes] of [
      ['a body the route cannot read', bodyProbes],
      ['a field that is wrong', fieldProbes],
      ['a bad query string', queryProbes],
      ['a path parameter with odd characters', pathProbes],
      ['an unknown id or an illegal state transition', stateProbes],
      ['missing credentials', authProbes],
    ] as const) {
      describe(`answers ${group} with a 4xx in the error envelope`, () => {
        for (const p of probes) {
          it(`${p.name} → ${p.status}${p.code ? ` ${p.code}` : ''}`, async () => {
            const r = await http(p.method, fill(p.path), { json: p.json, raw: p.raw, contentType: p.contentType, noAuth: p.noAuth });
            expectEnvelope(r, p);
          });
        }
      });
    }

    const withKey = (path: string, key: string) => http('POST', path, { key });

    it('an unknown bearer key on /ws/token is 401 UNAUTHORIZED', async () => {
      expectEnvelope(await withKey('/api/v1/ws/token', 'not-a-key-0123456789'), { status: 401, code: 'UNAUTHORIZED' });
    });

    it('an overlong bearer key on /ws/token is 400 naming the credential', async () => {
      expectEnvelope(await withKey('/api/v1/ws/token', 'k'.repeat(600)), { status: 400, code: 'BAD_REQUEST', field: /credential/ });
    });

    it('a body over the size limit is 413 PAYLOAD_TOO_LARGE', async () => {
      const r = await http('POST', '/api/v1/dcg/check', { json: { command: 'x'.repeat(1_100_000) } });
      expectEnvelope(r, { status: 413, code: 'PAYLOAD_TOO_LARGE' });
    });

    it('a gzip-encoded body that is not gzip is a 4xx', async () => {
      const r = await http('POST', '/api/v1/dcg/check', { raw: '{"command":"ls"}', headers: { 'content-encoding': 'gzip' } });
      expectEnvelope(r, { status: 400, code: 'BAD_REQUEST' });
    });

    it('a viewer key may not manage keys (403), and a revoked key is 401 everywhere it is checked', async () => {
      const viewer = (await http('POST', '/api/v1/keys', { key: stack.adminKey, json: { accountId: 'acct-e2e', role: 'viewer' } })).body as {
        id: string;
        key: string;
      };
      const asViewer = await http('POST', '/api/v1/keys', { key: viewer.key, json: { accountId: 'acct-e2e', role: 'admin' } });
      expectEnvelope(asViewer, { status: 403, code: 'FORBIDDEN' });
      expect((await http('DELETE', `/api/v1/keys/${viewer.id}`, { key: stack.adminKey })).status).toBe(200);
      expectEnvelope(await withKey('/api/v1/ws/token', viewer.key), { status: 401, code: 'UNAUTHORIZED' });
    });

    it('settling an exception twice is 409 CONFLICT, and the first decision stands', async () => {
      const check = (await api('POST', '/dcg/check', { command: 'git reset --hard HEAD~3', agentId: 'agt_e2e_exc' })).body;
      expect(check.decision).toBe('deny');
      const pending = (await api('GET', '/dcg/exceptions?status=pending&agentId=agt_e2e_exc')).body.items;
      expect(pending).toHaveLength(1);
      const ref = pending[0].shortCode as string;
      expect((await api('POST', `/dcg/exceptions/${ref}/deny`, { decidedBy: 'me' })).status).toBe(200);
      expectEnvelope(await api('POST', `/dcg/exceptions/${ref}/approve`, { grant: 'once', decidedBy: 'me' }), CONFLICT);
      expectEnvelope(await api('POST', `/dcg/exceptions/${ref}/deny`, { decidedBy: 'me' }), CONFLICT);
      expect((await api('GET', '/dcg/exceptions?agentId=agt_e2e_exc')).body.items[0].status).toBe('denied');
      expect((await api('GET', '/dcg/allowlist')).body.items.some((a: { createdBy: string }) => a.createdBy === 'me')).toBe(false);
    });

    it('echoes a sane x-request-id in the error body and replaces an insane one', async () => {
      const sane = await http('GET', '/api/v1/agents/agt_nope', { headers: { 'x-request-id': 'e2e-req-1' } });
      expect(sane.body.error.requestId).toBe('e2e-req-1');
      const insane = await http('GET', '/api/v1/agents/agt_nope', { headers: { 'x-request-id': 'r'.repeat(500) } });
      expect(insane.body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('a rejected budget create leaves no row behind', async () => {
      const before = (await api('GET', '/cost-analytics/budgets')).body.items.length;
      await api('POST', '/cost-analytics/budgets', { scope: { kind: 'global' }, max_budget: -1, budget_duration: 'daily' });
      await api('POST', '/cost-analytics/budgets', { scope: { kind: 'global' }, max_budget: 1, budget_duration: 'daily', thresholds: Array(21).fill(50) });
      expect((await api('GET', '/cost-analytics/budgets')).body.items.length).toBe(before);
    });

    it('a send of the largest allowed message to a terminal agent is accepted, not a 5xx', async () => {
      const r = await api('POST', `/agents/${ids.live}/send`, { message: `: ${'y'.repeat(199_990)}` });
      expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(202);
    });

    it('rejected spawns, rate cards, packs and allowlist entries leave no row behind', async () => {
      const counts = async () => ({
        agents: (await api('GET', '/agents?limit=1000')).body.items.length,
        cards: (await api('GET', '/cost-analytics/rate-cards')).body.items.length,
        packs: (await api('GET', '/dcg/packs')).body.items.length,
        allow: (await api('GET', '/dcg/allowlist')).body.items.length,
      });
      const before = await counts();
      const rejected = [
        await api('POST', '/agents', { driver: 'tmux', workingDirectory: '/tmp', command: ['sh\u0000'] }),
        await api('POST', '/agents', { driver: 'tmux', workingDirectory: '/tmp' }),
        await api('POST', '/agents', { driver: 'tmux', workingDirectory: '/tmp', command: ['sh'], resumeSessionId: 's' }),
        await api('POST', '/cost-analytics/rate-cards', {
          version: 'v-half',
          effectiveFrom: '2025-01-01T00:00:00Z',
          prices: { ok: { input_cost_per_token: 1e-6, output_cost_per_token: 1e-6, litellm_provider: 'anthropic', mode: 'chat' }, bad: 'x' },
        }),
        await api('POST', '/dcg/packs', {
          format: 'json',
          actor: 'me',
          content: '{"id":"core.mine","name":"n","description":"d","keywords":["x"],"rules":[]}',
        }),
        await api('POST', '/dcg/allowlist', { kind: 'rule', ruleId: 'nope:nope', scope: 'global', reason: 'r', actor: 'me' }),
      ];
      for (const r of rejected) expect(r.status, JSON.stringify(r.body)).toBeGreaterThanOrEqual(400);
      expect(await counts()).toEqual(before);
    });

    it('racing terminates and sends on one agent: one terminate wins, the rest are 409, and the agent ends terminated', async () => {
      const id = (await api('POST', '/agents', { driver: 'tmux', workingDirectory: '/tmp', command: ['sh'] })).body.id as string;
      await waitAgentState(id, ['ready']);
      const replies = await Promise.all([
        ...Array.from({ length: 4 }, () => api('DELETE', `/agents/${id}`)),
        ...Array.from({ length: 4 }, (_, i) => api('POST', `/agents/${id}/send`, { message: `echo race${i}` })),
      ]);
      for (const r of replies) expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
      for (const r of replies.filter((x) => x.status >= 400)) expectEnvelope(r, CONFLICT);
      expect(replies.slice(0, 4).filter((r) => r.status === 200)).toHaveLength(1);
      await waitAgentState(id, ['terminated']);
      const history = (await api('GET', `/agents/${id}/commands?limit=1000`)).body.items as { kind: string; outcome: string }[];
      expect(history.filter((c) => c.kind === 'terminate' && c.outcome === 'ok')).toHaveLength(1);
    });

    it('an agent whose program exited is shown ended, and a send to it is 409', async () => {
      const id = (await api('POST', '/agents', { driver: 'tmux', workingDirectory: '/tmp', command: ['sh'] })).body.id as string;
      await waitAgentState(id, ['ready']);
      expect((await api('POST', `/agents/${id}/send`, { message: 'exit 3' })).status).toBe(202);
      await waitAgentState(id, ['terminated', 'failed']);
      expectEnvelope(await api('POST', `/agents/${id}/send`, { message: 'echo late' }), CONFLICT);
    });

    it('a failed send to a terminated agent leaves its state terminated', async () => {
      await api('POST', `/agents/${ids.ended}/send`, { message: 'hi' });
      expect((await api('GET', `/agents/${ids.ended}`)).body.state).toMatch(/terminated|failed/);
    });
  });

  describe('paths outside /api/v1', () => {
    const outside: [string, string][] = [
      ['a traversal to the repo root', '/..%2f..%2f..%2fpackage.json'],
      ['an encoded traversal', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd'],
      ['a NUL in a static path', '/assets/%00.js'],
      ['a truncated percent-encoding', '/%E0%A4%A'],
      ['metrics of a service named with odd characters', '/metrics/..%2fcost'],
    ];
    for (const [what, path] of outside) {
      it(`${what} never leaks a file and is never a 5xx`, async () => {
        const r = await http('GET', path, { noAuth: true });
        expect(r.status, JSON.stringify(r.body).slice(0, 200)).toBeLessThan(500);
        expect(JSON.stringify(r.body)).not.toMatch(/"workspaces"|root:x:0/);
        if (r.status >= 400) expectEnvelope(r, { status: r.status });
      });
    }
  });

  describe('hostile but well-formed input is answered, never a 5xx', () => {
    const hostile: [string, string, string, unknown][] = [
      ['dcg check of 30,000 nested $(', 'POST', '/dcg/check', { command: '$('.repeat(30_000) }],
      ['dcg explain of 30,000 nested $(', 'POST', '/dcg/explain', { command: '$('.repeat(30_000) }],
      ['dcg check of 20,000 nested bash -c quotes', 'POST', '/dcg/check', { command: 'bash -c "'.repeat(10_000) }],
      ['dcg check of 50,000 backticks', 'POST', '/dcg/check', { command: '`'.repeat(50_000) }],
      ['dcg check of 10,000 heredocs', 'POST', '/dcg/check', { command: 'cat <<EOF\n'.repeat(10_000) }],
      ['dcg check of 30,000 nested subshells', 'POST', '/dcg/check', { command: '('.repeat(30_000) + 'rm -rf /' + ')'.repeat(30_000) }],
      ['dcg check with NUL bytes and lone surrogates', 'POST', '/dcg/check', { command: 'rm -rf /\u0000 \ud800' }],
      [
        'a pack upload of a YAML alias bomb',
        'POST',
        '/dcg/packs',
        {
          format: 'yaml',
          actor: 'me',
          content:
            'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n',
        },
      ],
      ['a pack upload of 90,000 nested JSON arrays', 'POST', '/dcg/packs', { format: 'json', actor: 'me', content: '['.repeat(90_000) + ']'.repeat(90_000) }],
      [
        'a rate card whose prices overflow every estimate',
        'POST',
        '/cost-analytics/rate-cards',
        {
          id: 'e2e-huge',
          version: 'v1',
          effectiveFrom: '2020-01-01T00:00:00Z',
          prices: { 'huge-model': { input_cost_per_token: 1e300, output_cost_per_token: 1e300, litellm_provider: 'anthropic', mode: 'chat' } },
        },
      ],
      [
        'an estimate on a model with absurd prices',
        'POST',
        '/cost-analytics/estimate',
        { model: 'huge-model', usage: { inputTokens: 1000, outputTokens: 1000 } },
      ],
      [
        'a budget over the widest rolling window',
        'POST',
        '/cost-analytics/budgets',
        {
          scope: { kind: 'agent', value: 'agt_x' },
          max_budget: Number.MAX_SAFE_INTEGER,
          soft_budget: Number.MAX_SAFE_INTEGER,
          budget_duration: 'rolling_9999h',
          thresholds: [1, 1000],
        },
      ],
      ['a reprice of ten thousand years', 'POST', '/cost-analytics/reprice', { from: '0001-01-01T00:00:00Z', to: '9999-12-31T23:59:59Z' }],
      [
        'an hourly timeseries of ten thousand years',
        'GET',
        '/cost-analytics/timeseries?interval=hour&from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z',
        undefined,
      ],
      ['a forecast over the longest history and horizon', 'GET', '/cost-analytics/forecast?historyDays=730&horizonDays=366&confidence=0.95', undefined],
    ];
    for (const [what, method, path, json] of hostile) {
      it(`${what}`, async () => {
        const r = await api(method, path, json);
        expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBeLessThan(500);
        if (r.status >= 400) expectEnvelope(r, { status: r.status });
      });
    }
  });

  describe('WebSocket frames through /ws', () => {
    let ws: WebSocket;
    const inbox: any[] = [];
    const waiters: ((f: any) => void)[] = [];
    const next = (): Promise<any> => (inbox.length ? Promise.resolve(inbox.shift()) : new Promise((r) => waiters.push(r)));
    /** The next frame that is not a heartbeat. */
    async function reply(): Promise<any> {
      for (;;) {
        const f = await next();
        if (f.type !== 'heartbeat') return f;
      }
    }

    beforeAll(async () => {
      ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { authorization: `Bearer ${await stack.key('viewer')}` } });
      ws.on('message', (d) => {
        const f = JSON.parse(d.toString());
        const w = waiters.shift();
        if (w) w(f);
        else inbox.push(f);
      });
      expect((await reply()).type).toBe('hello');
    });
    afterAll(() => ws?.close());

    const frames: [string, string, RegExp | undefined][] = [
      ['a frame that is not JSON', '{nope', undefined],
      ['a JSON array', '[]', undefined],
      ['an object without a type', '{}', /type/],
      ['an unknown frame type', '{"type":"shout"}', /type/],
      ['a subscribe without channels', '{"type":"subscribe"}', /channels/],
      ['a subscribe whose channels is a number', '{"type":"subscribe","channels":5}', /channels/],
      ['a subscribe with an empty channel list', '{"type":"subscribe","channels":[]}', /channels/],
      ['a subscribe to an unknown channel', '{"type":"subscribe","channels":["nope:nope"]}', /nope:nope/],
      ['a subscribe to a channel with an odd id', '{"type":"subscribe","channels":["agent:output:../x"]}', /agent:output/],
      ['a subscribe with a garbage since cursor', '{"type":"subscribe","channels":["system:dcg"],"since":"%%garbage"}', /since|cursor/],
      ['an ack with a garbage cursor', '{"type":"ack","cursor":"%%garbage"}', /cursor/],
      ['an ack without a cursor', '{"type":"ack"}', /cursor/],
    ];
    for (const [what, frame, field] of frames) {
      it(`${what} gets a BAD_REQUEST error frame and the connection stays open`, async () => {
        ws.send(frame);
        const f = await reply();
        expect(f.type, JSON.stringify(f)).toBe('error');
        expect(ErrorBody.parse(f.error).code).toBe('BAD_REQUEST');
        if (field) expect(f.error.message).toMatch(field);
        ws.send('{"type":"ping"}');
        expect((await reply()).type).toBe('pong');
      });
    }

    for (const [what, since] of [
      ['past every stream', 'v1.0-zzzzzzzzzzz.1-zzzzzzzzzzz'],
      ['of a family index that does not exist', 'v1.zz-1'],
    ] as const) {
      it(`a subscribe since a cursor ${what} is answered without an INTERNAL error, and the connection stays open`, async () => {
        ws.send(JSON.stringify({ type: 'subscribe', channels: ['system:dcg', 'agent:output:*'], since }));
        const f = await reply();
        if (f.type === 'error') expect(f.error.code).toBe('BAD_REQUEST');
        else expect(['subscribed', 'reset']).toContain(f.type);
        ws.send('{"type":"ping"}');
        let g = await reply();
        while (g.type !== 'pong') g = await reply();
      });
    }
  });

  describe('NATS request/reply', () => {
    const subjects = [
      'svc.agent-runner.agents.spawn',
      'svc.agent-runner.agents.get',
      'svc.agent-runner.agents.list',
      'svc.cost.estimate',
      'svc.agent-runner.agents.send',
      'svc.cost.budgets.create',
      'svc.cost.budget.check',
      'svc.cost.reprice',
      'svc.safety.check',
      'svc.safety.guard',
      'svc.safety.packs.upload',
      'svc.gateway-api.auth.verify',
    ];
    const payloads: [string, string][] = [
      ['not JSON', '{nope'],
      ['a JSON array', '[1]'],
      ['a JSON number', '42'],
      ['wrong field types', '{"agentId":5,"model":7,"command":[],"credential":9,"driver":1,"limit":"abc","state":5}'],
    ];
    for (const subject of subjects) {
      for (const [what, payload] of payloads) {
        it(`${subject} answers ${what} with ok:false BAD_REQUEST`, async () => {
          const msg = await nc.request(wireSubject(nc, subject), new TextEncoder().encode(payload), { timeout: 3000 });
          const reply = JSON.parse(new TextDecoder().decode(msg.data));
          expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
          ErrorBody.parse(reply.error);
        });
      }
    }
  });

  describe('NATS guard requests with hostile tool input', () => {
    const deep = { __raw: `${'{"command":'.repeat(5000)}"rm -rf /"${'}'.repeat(5000)}` };
    const guards: [string, unknown][] = [
      ['a Bash call whose command is a number', { agentId: 'agt_e2e_guard', tool: 'Bash', input: { command: 5 }, wait: false }],
      ['a Bash call whose input is 5,000 levels deep', { agentId: 'agt_e2e_guard', tool: 'Bash', input: deep, wait: false }],
      ['a Write whose path is an array', { agentId: 'agt_e2e_guard', tool: 'Write', input: { file_path: ['/etc/passwd'], content: 7 }, wait: false }],
      ['an unknown tool with a null input', { agentId: 'agt_e2e_guard', tool: 'Teleport', input: null, wait: false }],
    ];
    for (const [what, body] of guards) {
      it(`svc.safety.guard answers ${what} with a decision or a BAD_REQUEST, never INTERNAL`, async () => {
        // Built as text: a 5,000-deep object is past JSON.stringify's own stack.
        const text = JSON.stringify(body).replace(JSON.stringify(deep), deep.__raw);
        const msg = await nc.request(wireSubject(nc, 'svc.safety.guard'), new TextEncoder().encode(text), { timeout: 5000 });
        const reply = JSON.parse(new TextDecoder().decode(msg.data));
        if (reply.ok) expect(['allow', 'deny']).toContain(reply.data.decision);
        else expect(reply.error.code).toBe('BAD_REQUEST');
      });
    }
  });

  describe('NATS forwarding to the runner that owns an agent', () => {
    const forwards: [string, unknown][] = [
      ['a get whose payload has a numeric agentId', { op: 'get', payload: { agentId: 5 } }],
      ['a send whose payload has no message', { op: 'send', payload: { agentId: 'LIVE' } }],
      ['an events page with limit=-1', { op: 'events', payload: { agentId: 'LIVE', limit: -1 } }],
      ['an op that is not a per-agent command', { op: 'spawn', payload: {} }],
      ['an op named after an Object method', { op: 'constructor', payload: {} }],
      ['no op at all', { payload: {} }],
    ];
    for (const [what, body] of forwards) {
      it(`svc.agent-runner.agent.<id> answers ${what} with ok:false BAD_REQUEST`, async () => {
        const payload = JSON.stringify(body).replace('LIVE', ids.live);
        const msg = await nc.request(wireSubject(nc, `svc.agent-runner.agent.${ids.live}`), new TextEncoder().encode(payload), { timeout: 3000 });
        const reply = JSON.parse(new TextDecoder().decode(msg.data));
        expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      });
    }
  });

  describe('garbage published on event subjects', () => {
    it('a usage record whose cost overflows is set aside, and the next record is still priced', async () => {
      const usage = (messageId: string, tokens: number) => ({
        messageId,
        agentId: 'agt_e2e_usage',
        model: 'claude-sonnet-4-5',
        ts: new Date().toISOString(),
        usage: { inputTokens: tokens, outputTokens: tokens, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
      });
      const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
      nc.publish(wireSubject(nc, 'usage.agt_e2e_usage'), enc(usage('msg_e2e_overflow', Number.MAX_SAFE_INTEGER)));
      nc.publish(wireSubject(nc, 'usage.agt_e2e_usage'), enc(usage('msg_e2e_ok', 10)));
      await nc.flush();
      let priced: string[] = [];
      await until('msg_e2e_ok to be priced', async () => {
        priced = (await adminApi('GET', '/cost-analytics/records?agentId=agt_e2e_usage')).body.items.map((i: { messageId: string }) => i.messageId);
        return priced.includes('msg_e2e_ok');
      });
      expect(priced).not.toContain('msg_e2e_overflow');
      const health = HealthReport.parse(await (await fetch(`http://127.0.0.1:${port}/health`)).json());
      expect(health.services.cost.status).toBe('ok');
    });

    it('crashes no service: every /health stays ok and the APIs keep answering', async () => {
      const garbage = ['{nope', '[]', '42', '{"type":"output"}', '{"messageId":"m1","agentId":"../x","model":5}', '', '\u0000\u0001'];
      for (const subject of [
        'usage.x',
        `usage.${ids.live}`,
        'agent.output.x',
        `agent.output.${ids.live}`,
        'agent.state.x',
        'system.dcg',
        'system.fleet',
        'system.budget',
      ]) {
        for (const g of garbage) nc.publish(wireSubject(nc, subject), new TextEncoder().encode(g));
      }
      // A good record after the garbage: once it is priced, the cost consumer has got past all of it.
      const marker = {
        messageId: 'msg_e2e_marker',
        agentId: 'agt_e2e_marker',
        model: 'claude-sonnet-4-5',
        ts: new Date().toISOString(),
        usage: { inputTokens: 1, outputTokens: 1 },
      };
      nc.publish(wireSubject(nc, 'usage.agt_e2e_marker'), new TextEncoder().encode(JSON.stringify(marker)));
      await nc.flush();
      await until(
        'the marker usage record to be priced',
        async () => (await adminApi('GET', '/cost-analytics/records?agentId=agt_e2e_marker')).body.items?.length === 1,
      );
      // Garbage was terminated, not left to be redelivered forever.
      const jsm = await jetstreamManager(nc);
      await until('the cost consumer to have nothing pending or unacked', async () => {
        const c = await jsm.consumers.info('FW_USAGE', 'cost');
        return c.num_pending === 0 && c.num_ack_pending === 0;
      });
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      const report = HealthReport.parse(await res.json());
      for (const [name, h] of Object.entries(report.services)) expect(h.status, name).toBe('ok');
      expect(report.status).toBe('ok');
      expect((await api('GET', '/cost-analytics/records')).status).toBe(200);
      await waitAgentState(ids.live, ['ready']);
      expect((await api('GET', '/dcg/decisions')).status).toBe(200);
    });
  });
});
