import type { UsageRecord } from '@flywheel/contracts';

let seq = 0;
/** A usage record with sensible defaults; override what the test is about (`@flywheel/cost/testing`). */
export function usage(over: Omit<Partial<UsageRecord>, 'usage'> & { usage?: Partial<UsageRecord['usage']> } = {}): UsageRecord {
  seq += 1;
  const { usage: u, ...rest } = over;
  return {
    messageId: `msg_${process.pid}_${seq}`,
    agentId: 'agent-1',
    model: 'claude-haiku-4-5',
    ts: new Date().toISOString(),
    ...rest,
    usage: { inputTokens: 1000, outputTokens: 100, cacheReadInputTokens: 0, cacheCreationInputTokens: 0, ...u },
  };
}

/** Token usage with zeros for what the test does not set. */
export const tokens = (over: object) => ({ inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0, ...over });
