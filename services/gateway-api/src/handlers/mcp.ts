import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { AppError, type API } from '@flywheel/contracts';
import type { RpcCall } from '@flywheel/kit';
import type { GroupHandlers, RouteContext } from '../http/bind-routes.ts';
import { registerCoordinationTools } from '../runtime/mcp-tools.ts';
import { actorBy, callContext } from './context.ts';

/** Stateless: no sessions to keep across gateway instances, so GET (an event stream) and DELETE (end a session) are 405. */
function notAllowed(c: RouteContext): never {
  c.res.set('allow', 'POST');
  throw new AppError('METHOD_NOT_ALLOWED', 'this MCP server is stateless: POST JSON-RPC to /mcp');
}

/** Streamable HTTP clients accept both; anything else would get the transport's own 406, outside our envelope. */
function acceptsMcp(c: RouteContext): void {
  const accept = c.req.header('accept') ?? '';
  if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
    throw new AppError('NOT_ACCEPTABLE', 'an MCP client must accept application/json and text/event-stream');
  }
}

/** /mcp: one MCP server and transport per request (stateless streamable HTTP), its tools acting as the caller's agent. */
export function mcpHandlers(coordination: RpcCall, version: string): GroupHandlers<typeof API.mcp> {
  return {
    post: async ({ body }, c) => {
      if (!c.principal) throw new AppError('UNAUTHORIZED', 'an API key is required: Authorization: Bearer <key>');
      acceptsMcp(c);
      const server = new McpServer({ name: 'flywheel', version });
      registerCoordinationTools(server, coordination, { principal: c.principal, ctx: callContext(c), actor: actorBy(c) });
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      c.res.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(c.req, c.res, body);
    },
    get: (_i, c) => notAllowed(c),
    delete: (_i, c) => notAllowed(c),
  };
}
