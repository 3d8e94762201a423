/** Environment variables an agent process gets so it can reach the gateway as itself (MCP, HTTP hooks). */
export const AGENT_ENV = { id: 'FLYWHEEL_AGENT_ID', token: 'FLYWHEEL_AGENT_TOKEN', gateway: 'FLYWHEEL_GATEWAY_URL' } as const;

/** The MCP server name agents see: its tools are `mcp__flywheel__<tool>` in Claude Code. */
export const MCP_SERVER = 'flywheel';

export interface HttpMcpServer {
  type: 'http';
  url: string;
  headers: Record<string, string>;
}

/**
 * The gateway's `/mcp` with the agent's own credential, named by variable: Claude Code expands `${VAR}` in
 * MCP configs from its environment, where the runner put them, so the token never appears on a command line.
 * Undefined when the agent has no credential (no gateway minted one).
 */
export function flywheelMcpServer(env: Record<string, string>): HttpMcpServer | undefined {
  if (!env[AGENT_ENV.gateway] || !env[AGENT_ENV.token]) return undefined;
  return { type: 'http', url: `\${${AGENT_ENV.gateway}}/mcp`, headers: { Authorization: `Bearer \${${AGENT_ENV.token}}` } };
}

const isClaude = (argv0: string | undefined) => (argv0 ?? '').split('/').pop() === 'claude';

/** Claude Code started in a terminal gets the server with `--mcp-config`; other programs, and commands that bring their own, are left as they are. */
export function withMcpConfig(command: readonly string[], env: Record<string, string>): string[] {
  const server = isClaude(command[0]) && !command.includes('--mcp-config') ? flywheelMcpServer(env) : undefined;
  return server ? [...command, '--mcp-config', JSON.stringify({ mcpServers: { [MCP_SERVER]: server } })] : [...command];
}
