import { describe, expect, it } from 'vitest';
import { flywheelMcpServer, withMcpConfig } from './agent-env.ts';

const env = { FLYWHEEL_GATEWAY_URL: 'http://127.0.0.1:3000', FLYWHEEL_AGENT_TOKEN: 'fwa_secret', FLYWHEEL_AGENT_ID: 'agt_1' };

describe('the agent’s MCP server', () => {
  it('is the gateway’s /mcp with the agent’s credential, both named by variable', () => {
    expect(flywheelMcpServer(env)).toEqual({ type: 'http', url: '${FLYWHEEL_GATEWAY_URL}/mcp', headers: { Authorization: 'Bearer ${FLYWHEEL_AGENT_TOKEN}' } });
    expect(flywheelMcpServer({})).toBeUndefined();
  });

  it('reaches Claude Code in a terminal as --mcp-config naming the variables, never the token', () => {
    const argv = withMcpConfig(['/usr/bin/claude', '--model', 'x'], env);
    expect(argv.slice(0, 4)).toEqual(['/usr/bin/claude', '--model', 'x', '--mcp-config']);
    expect(JSON.parse(argv[4])).toEqual({
      mcpServers: { flywheel: { type: 'http', url: '${FLYWHEEL_GATEWAY_URL}/mcp', headers: { Authorization: 'Bearer ${FLYWHEEL_AGENT_TOKEN}' } } },
    });
    expect(argv.join(' ')).not.toContain('fwa_secret');
  });

  it('leaves other programs, credential-less agents and explicit configs alone', () => {
    expect(withMcpConfig(['bash'], env)).toEqual(['bash']);
    expect(withMcpConfig(['claude'], {})).toEqual(['claude']);
    expect(withMcpConfig(['claude', '--mcp-config', 'x.json'], env)).toEqual(['claude', '--mcp-config', 'x.json']);
  });
});
