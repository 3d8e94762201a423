import { z } from 'zod';
import { Id, IsoTime } from './ids.ts';
import { defineEvent } from './descriptors.ts';
import { ErrorBody } from './errors.ts';

export const AgentDriver = z.enum(['sdk', 'acp', 'tmux', 'codex']);
export type AgentDriver = z.infer<typeof AgentDriver>;

/** Lifecycle from the seed; `unknown` is shown when the owning runner is lost. */
export const AgentState = z.enum([
  'spawning',
  'initializing',
  'ready',
  'executing',
  'paused',
  'terminating',
  'terminated',
  'failed',
  'unknown',
]);
export type AgentState = z.infer<typeof AgentState>;

export const AgentActivity = z.enum(['idle', 'thinking', 'working', 'tool_calling', 'waiting_input', 'stalled']);
export type AgentActivity = z.infer<typeof AgentActivity>;

const LIVE: AgentState[] = ['spawning', 'initializing', 'ready', 'executing', 'paused', 'unknown'];

/** Allowed transitions; anything else is illegal and never stored. */
export const AGENT_TRANSITIONS: Record<AgentState, readonly AgentState[]> = {
  spawning: ['initializing', 'terminating', 'failed', 'unknown'],
  initializing: ['ready', 'terminating', 'failed', 'unknown'],
  ready: ['executing', 'paused', 'terminating', 'failed', 'unknown'],
  executing: ['ready', 'paused', 'terminating', 'failed', 'unknown'],
  paused: ['ready', 'terminating', 'failed', 'unknown'],
  terminating: ['terminated', 'failed'],
  terminated: [],
  failed: [],
  // A lost runner's agents come back to whatever the runner reports, or end.
  unknown: ['initializing', 'ready', 'executing', 'paused', 'terminating', 'terminated', 'failed'],
};

export const isLiveState = (s: AgentState): boolean => LIVE.includes(s);
export const canTransition = (from: AgentState, to: AgentState): boolean => AGENT_TRANSITIONS[from].includes(to);

export const TokenUsage = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cacheReadInputTokens: z.number().int().nonnegative().default(0),
  cacheCreationInputTokens: z.number().int().nonnegative().default(0),
  cacheCreation5mInputTokens: z.number().int().nonnegative().optional(),
  cacheCreation1hInputTokens: z.number().int().nonnegative().optional(),
});
export type TokenUsage = z.infer<typeof TokenUsage>;

const base = { agentId: Id, seq: z.number().int().nonnegative(), ts: IsoTime };

/** One normalised event for every driver; `seq` increases by one per agent. */
export const AgentEvent = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('output'), stream: z.enum(['assistant', 'stdout', 'stderr', 'system', 'user']), text: z.string() }),
  z.object({ ...base, type: z.literal('thinking'), text: z.string() }),
  z.object({ ...base, type: z.literal('tool_call_start'), toolCallId: z.string(), tool: z.string(), input: z.unknown() }),
  z.object({
    ...base,
    type: z.literal('tool_call_end'),
    toolCallId: z.string(),
    tool: z.string(),
    result: z.unknown().optional(),
    isError: z.boolean().default(false),
    durationMs: z.number().nonnegative().optional(),
  }),
  z.object({ ...base, type: z.literal('file'), op: z.enum(['read', 'write', 'edit']), path: z.string(), toolCallId: z.string().optional() }),
  z.object({ ...base, type: z.literal('usage'), messageId: z.string(), model: z.string(), usage: TokenUsage, reportedCostUsd: z.number().optional() }),
  z.object({
    ...base,
    type: z.literal('state'),
    from: AgentState.optional(),
    to: AgentState,
    activity: AgentActivity.optional(),
    reason: z.string().optional(),
  }),
  z.object({ ...base, type: z.literal('error'), error: ErrorBody }),
  z.object({ ...base, type: z.literal('rate_limit'), resetAt: IsoTime.optional(), message: z.string().optional() }),
  z.object({ ...base, type: z.literal('checkpoint'), checkpointId: z.string(), sessionId: z.string().optional(), messageCount: z.number().int().optional() }),
]);
export type AgentEvent = z.infer<typeof AgentEvent>;
export type AgentEventType = AgentEvent['type'];

/** Durable per-agent event subjects, mirrored as WS channels `agent:<kind>:ID`. */
export const agentOutputEvent = defineEvent({ subject: 'agent.output.*', payload: AgentEvent, durable: true });
export const agentStateEvent = defineEvent({ subject: 'agent.state.*', payload: AgentEvent, durable: true });
export const agentToolsEvent = defineEvent({ subject: 'agent.tools.*', payload: AgentEvent, durable: true });
export const agentCheckpointsEvent = defineEvent({ subject: 'agent.checkpoints.*', payload: AgentEvent, durable: true });

/** One record per model message; `messageId` (the provider's) is the idempotency key. */
export const UsageRecord = z.object({
  messageId: z.string().min(1).max(200),
  agentId: Id,
  runnerId: z.string().max(100).optional(),
  accountId: z.string().max(100).optional(),
  projectId: z.string().max(100).optional(),
  provider: z.string().max(50).optional(),
  model: z.string().min(1).max(200),
  usage: TokenUsage,
  /** What the agent itself reported for this message, when it does (Claude Code's costUSD). */
  reportedCostUsd: z.number().nonnegative().optional(),
  ts: IsoTime,
});
export type UsageRecord = z.infer<typeof UsageRecord>;

export const usageRecordEvent = defineEvent({ subject: 'usage.*', payload: UsageRecord, durable: true });
