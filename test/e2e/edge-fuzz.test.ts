/**
 * Property-based fuzzing of every operation in the OpenAPI document: thousands of malformed bodies, queries,
 * path parameters and headers, sent with a key that passes authorisation so they reach validation. Nothing
 * may answer 5xx or take a service down, and every error is the one envelope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ErrorCode } from '@flywheel/contracts';
import { startStack, type Stack } from '../support/index.ts';

interface Op {
  method: string;
  path: string;
}

let s: Stack;
let ops: Op[];
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

beforeAll(async () => {
  s = await startStack({
    services: [
      'ws-hub',
      'safety',
      'cost',
      'coordination',
      'agent-runner',
      { name: 'gateway-api', env: { RATE_LIMIT_PER_KEY: '1000000', RATE_LIMIT_PER_IP: '1000000' } },
    ],
  });
  const doc = (await (await fetch(`${s.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  // The MCP endpoint speaks JSON-RPC to agents; it is fuzzed with the rest but has no path parameters.
  ops = Object.entries(doc.paths).flatMap(([path, m]) => Object.keys(m).map((method) => ({ method: method.toUpperCase(), path })));
}, 120_000);

afterAll(async () => {
  await s?.stop();
});

const printable = (max: number) =>
  fc.string({ maxLength: max, unit: fc.constantFrom(...Array.from(' !"#$%&\'()*+,-./0123456789:;<=>?@AZaz[\\]^_`{|}~é€😀\u0000')) });
const headerSafe = (max: number) =>
  fc.string({ maxLength: max, unit: fc.constantFrom(...' -./0123456789:;=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_'.split('')) });

const bodyArb = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc
    .dictionary(printable(12), fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 })))
    .map((o) => JSON.stringify(o)),
  printable(60),
  fc.constantFrom('{"a":', '[', 'null', '"x"', '1e999', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}', `{"x":"${'a'.repeat(5000)}"}`),
);

const requestArb = fc.record({
  params: fc.array(printable(40), { minLength: 4, maxLength: 4 }),
  query: fc.dictionary(printable(16), printable(40), { maxKeys: 4 }),
  body: fc.option(bodyArb, { nil: undefined }),
  contentType: fc.constantFrom(
    'application/json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/json; charset=utf-16',
    'multipart/form-data',
    'x/garbage',
    '',
  ),
  idempotencyKey: fc.option(headerSafe(80), { nil: undefined }),
  requestId: fc.option(headerSafe(120), { nil: undefined }),
  auth: fc.constantFrom('admin', 'garbage', 'basic', 'long'),
});

function url(op: Op, params: string[], query: Record<string, string>): string {
  let i = 0;
  const path = op.path.replace(/\{[A-Za-z0-9_]+\}/g, () => encodeURIComponent(params[i++] ?? 'x'));
  const qs = new URLSearchParams(query).toString();
  return `${s.url}${path}${qs ? `?${qs}` : ''}`;
}

describe('fuzzing every operation with malformed input', () => {
  it(`answers ${RUNS} malformed requests per operation with < 500, always in the error envelope`, async () => {
    const auth = { admin: `Bearer ${s.adminKey}`, garbage: 'Bearer fwk_garbage', basic: 'Basic YTpi', long: `Bearer ${'k'.repeat(700)}` };
    let sent = 0;
    for (const op of ops) {
      await fc.assert(
        fc.asyncProperty(requestArb, async (r) => {
          const headers: Record<string, string> = { authorization: auth[r.auth] };
          if (r.contentType) headers['content-type'] = r.contentType;
          if (r.idempotencyKey !== undefined) headers['idempotency-key'] = r.idempotencyKey;
          if (r.requestId !== undefined) headers['x-request-id'] = r.requestId;
          const withBody = r.body !== undefined && op.method !== 'GET';
          const res = await fetch(url(op, r.params, r.query), { method: op.method, headers, body: withBody ? r.body : undefined });
          sent++;
          const text = await res.text();
          if (res.status >= 500) throw new Error(`${op.method} ${op.path} → ${res.status} ${text.slice(0, 300)}`);
          if (res.status >= 400) {
            const err = (JSON.parse(text) as { error: { code: string; message: string } }).error;
            expect(ErrorCode.options).toContain(err.code);
            expect(typeof err.message).toBe('string');
          }
        }),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261207) },
      );
    }
    expect(sent).toBeGreaterThanOrEqual(ops.length * RUNS);
  }, 600_000);

  it('leaves every service up: /health is ok afterwards', async () => {
    const health = (await (await fetch(`${s.url}/health`)).json()) as { status: string; services: Record<string, { status: string }> };
    expect(Object.fromEntries(Object.entries(health.services).map(([k, v]) => [k, v.status]))).toEqual({
      'gateway-api': 'ok',
      'agent-runner': 'ok',
      cost: 'ok',
      safety: 'ok',
      coordination: 'ok',
      'ws-hub': 'ok',
    });
  });
});
