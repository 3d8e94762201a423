import type { AgentDriver, Provider } from '@flywheel/contracts';

/** Which provider's profile an agent needs: by driver, or for acp/tmux by the program it runs. */
export function providerFor(driver: AgentDriver | string, command?: string[] | null): Provider | undefined {
  if (driver === 'sdk') return 'anthropic';
  if (driver === 'codex') return 'openai';
  const program = (command?.[0] ?? '').split('/').at(-1) ?? '';
  if (/claude/i.test(program)) return 'anthropic';
  if (/codex/i.test(program)) return 'openai';
  if (/gemini/i.test(program)) return 'google';
  return undefined;
}
