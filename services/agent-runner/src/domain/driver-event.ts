import type { AgentEvent, TokenUsage, UsageGranularity } from '@flywheel/contracts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An AgentEvent before the runner stamps agentId, seq and ts. */
export type EventDraft = DistributiveOmit<AgentEvent, 'agentId' | 'seq' | 'ts'>;

/** One model message's token usage as a driver reports it, before the runner publishes it. */
export interface UsageDraft {
  messageId: string;
  model: string;
  usage: TokenUsage;
  reportedCostUsd?: number;
  reportedCostScope?: 'message' | 'turn';
  /** One model message (sdk) or one agent turn (codex, acp): see UsageRecord.granularity. */
  granularity: UsageGranularity;
  /** The model's provider when the driver knows it better than the driver's default (acp agents run any vendor's). */
  provider?: string;
}
