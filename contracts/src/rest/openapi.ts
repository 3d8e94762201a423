import { z } from 'zod';
import { ErrorBody, HTTP_STATUS, type ErrorCode } from '../errors.ts';
import { allRoutes, pathParams, routeErrors, takesIdempotencyKey, type RouteDescriptor, type RouteTree } from './route.ts';

type Json = Record<string, unknown>;

/** zod → JSON Schema 2020-12 (what OpenAPI 3.1 speaks); requests as accepted, replies as sent. */
function schema(s: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

const IDEMPOTENCY_KEY: Json = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', minLength: 1, maxLength: 255 },
  description:
    'Retry safely: the same key and request within 24 h gets the stored reply (Idempotent-Replayed: true); another request with it is 422, one still in progress 409',
};

function parameters(r: RouteDescriptor): Json[] {
  const out: Json[] = [];
  const props = (s: z.ZodType | undefined) => (s ? (schema(s, 'input') as { properties?: Record<string, Json>; required?: string[] }) : {});
  const p = props(r.params);
  for (const name of pathParams(r.path)) out.push({ name, in: 'path', required: true, schema: p.properties?.[name] ?? { type: 'string' } });
  const q = props(r.query);
  for (const [name, s] of Object.entries(q.properties ?? {})) {
    out.push({
      name,
      in: 'query',
      required: (q.required ?? []).includes(name) && !('default' in s),
      schema: s,
      ...(s.description ? { description: s.description } : {}),
    });
  }
  if (takesIdempotencyKey(r)) out.push(IDEMPOTENCY_KEY);
  return out;
}

function responses(r: RouteDescriptor): Json {
  const ok =
    r.produces === 'application/json' ? { 'application/json': { schema: schema(r.reply, 'output') } } : { [r.produces]: { schema: { type: 'string' } } };
  const out: Json = { [String(r.status)]: { description: 'success', content: ok } };
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of routeErrors(r)) byStatus.set(HTTP_STATUS[code], [...(byStatus.get(HTTP_STATUS[code]) ?? []), code]);
  for (const [status, codes] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    out[String(status)] = { description: codes.join(', '), content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } } };
  }
  return out;
}

function operation(r: RouteDescriptor, id: string): Json {
  const op: Json = {
    operationId: id,
    summary: r.summary,
    tags: [r.tag],
    'x-required-role': r.access,
    'x-agent-credentials': r.agents,
    security: r.access === 'public' ? [] : [{ apiKey: [] }],
    parameters: parameters(r),
    responses: responses(r),
  };
  if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: schema(r.body, 'input') } } };
  return op;
}

/** The OpenAPI 3.1 document of a route tree; operation ids are `group.name`. */
export function openApiDocument(tree: RouteTree, info: { title: string; version: string; description?: string }): Json {
  const paths: Record<string, Json> = {};
  for (const [g, group] of Object.entries(tree)) {
    for (const [name, r] of Object.entries(group)) {
      const path = r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      paths[path] = { ...(paths[path] ?? {}), [r.method.toLowerCase()]: operation(r, `${g}.${name}`) };
    }
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    tags: [...new Set(allRoutes(tree).map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer <key>' } },
      schemas: {
        ErrorBody: schema(ErrorBody, 'output'),
        ErrorEnvelope: { type: 'object', required: ['error'], properties: { error: { $ref: '#/components/schemas/ErrorBody' } } },
      },
    },
  };
}
