import { z } from 'zod';
import { routesOf } from './route.ts';

const route = routesOf('mcp');
const P = '/mcp';
/** A JSON-RPC 2.0 message (request, notification or response), as MCP clients send them; one or a batch. */
export const JsonRpcMessage = z.looseObject({
  jsonrpc: z.literal('2.0'),
  id: z.union([z.string(), z.number(), z.null()]).optional(),
  method: z.string().min(1).max(200).optional(),
});
export const McpBody = z.union([JsonRpcMessage, z.array(JsonRpcMessage).min(1).max(100)]);

const summary = 'MCP (streamable HTTP): coordination tools for agents, acting as the agent of the credential';

/** /mcp: the Model Context Protocol endpoint; JSON-RPC in, JSON or an event stream out, written by the MCP transport. */
export const mcpRoutes = {
  post: route({
    method: 'POST',
    path: P,
    summary,
    access: 'operator',
    agents: true,
    body: McpBody,
    reply: z.unknown(),
    produces: 'text/event-stream',
    errors: ['NOT_ACCEPTABLE'],
  }),
  get: route({
    method: 'GET',
    path: P,
    summary: `${summary} (server-sent events; this server is stateless: 405)`,
    access: 'operator',
    agents: true,
    reply: z.unknown(),
    produces: 'text/event-stream',
    errors: ['METHOD_NOT_ALLOWED'],
  }),
  delete: route({
    method: 'DELETE',
    path: P,
    summary: `${summary} (session end; stateless: 405)`,
    access: 'operator',
    agents: true,
    reply: z.unknown(),
    produces: 'text/event-stream',
    errors: ['METHOD_NOT_ALLOWED'],
  }),
} as const;
