import { z } from 'zod';
import { Id, IsoTime } from './ids.ts';
import { defineEvent } from './descriptors.ts';
import { ErrorBody } from './errors.ts';

export const AgentDriver = z.enum(['sdk', 'acp', 'tmux', 'codex']);
export type AgentDriver = z.infer<typeof AgentDriver>;

/** Lifecycle from the seed; `unknown` is shown when the owning runner is lost. */
export const AgentState = z.enum(['spawning', 'initializing', 'ready', 'executing', 'paused', 'terminating', 'terminated', 'failed', 'unknown']);
export type AgentState = z.infer<typeof AgentState>;

export const AgentActivity = z.enum(['idle', 'thinking', 'working', 'tool_calling', 'waiting_input', 'stalled']);
export type AgentActivity = z.infer<typeof AgentActivity>;

/**
 * Whether the agent needs a person, and why: a guarded call waits for approval, its turn ended with a question (input),
 * it stalled, a usage limit paused it, it failed or its last turn failed (error); `none` otherwise.
 */
export const AgentAttention = z.enum(['approval', 'input', 'stalled', 'usage_limit', 'error', 'none']);
export type AgentAttention = z.infer<typeof AgentAttention>;

const LIVE: AgentState[] = ['spawning', 'initializing', 'ready', 'executing', 'paused', 'unknown'];

/** Allowed transitions; anything else is illegal and never stored. */
export const AGENT_TRANSITIONS: Record<AgentState, readonly AgentState[]> = {
  spawning: ['initializing', 'terminating', 'failed', 'unknown'],
  initializing: ['ready', 'terminating', 'failed', 'unknown'],
  // → initializing: the session restarts at a checkpoint (restore).
  ready: ['executing', 'paused', 'initializing', 'terminating', 'failed', 'unknown'],
  executing: ['ready', 'paused', 'initializing', 'terminating', 'failed', 'unknown'],
  paused: ['ready', 'initializing', 'terminating', 'failed', 'unknown'],
  terminating: ['terminated', 'failed'],
  // → initializing: restored at a checkpoint (the session resumes, in the same worktree for worktree agents).
  terminated: ['initializing'],
  failed: ['initializing'],
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
    /** What the agent needs from a person now (see AgentAttention); on every state event. */
    attention: AgentAttention.optional(),
    /** Moving to paused: why (`usage_limit`, a budget ...) and, for a usage limit, when it resets. */
    pauseReason: z.string().optional(),
    resumeAt: IsoTime.optional(),
    /** The owning account, so a fresh ws-hub learns agent → account from the last state event. */
    accountId: z.string().max(100).optional(),
    /** The agent's project and working tree, so coordination keeps its agent registry from state events. */
    projectId: z.string().max(100).optional(),
    treeRoot: z.string().max(4096).optional(),
  }),
  z.object({ ...base, type: z.literal('error'), error: ErrorBody }),
  z.object({ ...base, type: z.literal('rate_limit'), resetAt: IsoTime.optional(), message: z.string().optional() }),
  z.object({ ...base, type: z.literal('checkpoint'), checkpointId: z.string(), sessionId: z.string().optional(), messageCount: z.number().int().optional() }),
]);
export type AgentEvent = z.infer<typeof AgentEvent>;
export type AgentEventType = AgentEvent['type'];
export const AgentEventType = z.enum(['output', 'thinking', 'tool_call_start', 'tool_call_end', 'file', 'usage', 'state', 'error', 'rate_limit', 'checkpoint']);

/** Durable per-agent event subjects, mirrored as WS channels `agent:<kind>:ID`. */
export const agentOutputEvent = defineEvent({ subject: 'agent.output.*', payload: AgentEvent, durable: true });
export const agentStateEvent = defineEvent({ subject: 'agent.state.*', payload: AgentEvent, durable: true });
export const agentToolsEvent = defineEvent({ subject: 'agent.tools.*', payload: AgentEvent, durable: true });
export const agentCheckpointsEvent = defineEvent({ subject: 'agent.checkpoints.*', payload: AgentEvent, durable: true });

/** One record per model message; `messageId` (the provider's) is the idempotency key. */
/** How fine-grained a usage record is: one model message, or one turn of the agent (several model calls). */
export const UsageGranularity = z.enum(['message', 'turn']);
export type UsageGranularity = z.infer<typeof UsageGranularity>;

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
  /**
   * What `reportedCostUsd` covers: this message alone, or (`turn`) every message of this model since
   * the previous record that carried a reported cost — the turn, plus an interrupted turn before it.
   * Claude Code reports cost per turn and model; it goes on the turn's last message.
   */
  reportedCostScope: z.enum(['message', 'turn']).optional(),
  /**
   * How fine-grained the driver's numbers are: one record per model message (`message`: sdk, from the raw
   * Messages stream) or one per turn (`turn`: codex's turn.completed, ACP agents' prompt-turn usage), the sum of
   * every model call the agent made in that turn. Absent on records from before the field existed.
   */
  granularity: UsageGranularity.optional(),
  ts: IsoTime,
});
export type UsageRecord = z.infer<typeof UsageRecord>;

export const usageRecordEvent = defineEvent({ subject: 'usage.*', payload: UsageRecord, durable: true });

/** Which `agent.<family>.ID` subject an event type is published on (see docs/agents.md). */
export const AGENT_EVENT_FAMILY: Record<AgentEventType, 'output' | 'state' | 'tools' | 'checkpoints'> = {
  output: 'output',
  thinking: 'output',
  tool_call_start: 'tools',
  tool_call_end: 'tools',
  file: 'tools',
  usage: 'state',
  state: 'state',
  error: 'state',
  rate_limit: 'state',
  checkpoint: 'checkpoints',
};

export const Isolation = z.enum(['worktree', 'in-place']);
export type Isolation = z.infer<typeof Isolation>;
export const CleanupPolicy = z.enum(['never', 'when-merged', 'always']);
export type CleanupPolicy = z.infer<typeof CleanupPolicy>;

// Whitespace, git's ref-expression characters, backslash and the ASCII control characters (NUL on purpose).
// eslint-disable-next-line no-control-regex
const REF_FORBIDDEN = /[\s~^:?*[\\\x00-\x1f\x7f]/;

/** Is this a git ref a caller may name (branch, tag, sha): no option-looking text, no ref expressions? */
export const isPlainRef = (r: string): boolean =>
  r.length > 0 &&
  r.length <= 255 &&
  !r.startsWith('-') &&
  !REF_FORBIDDEN.test(r) &&
  !r.includes('..') &&
  !r.includes('@{') &&
  !r.endsWith('/') &&
  !r.endsWith('.lock');

/** A git ref a caller may name (branch, tag, sha): no option-looking text, no ref expressions. */
export const GitRef = z.string().min(1).max(255).refine(isPlainRef, 'must be a plain git ref name');

/** Where a worktree agent works; `target` is the default merge target. */
export const AgentWorktree = z.object({
  repo: z.string(),
  path: z.string(),
  branch: z.string(),
  baseRef: z.string(),
  baseCommit: z.string(),
  target: z.string().optional(),
  cleanup: CleanupPolicy,
  merged: z.object({ tip: z.string(), into: z.string(), commit: z.string(), at: IsoTime }).optional(),
  removed: z.object({ at: IsoTime, branchDeleted: z.boolean() }).optional(),
});
export type AgentWorktree = z.infer<typeof AgentWorktree>;

/** Agent as the API shows it; `env` values never leave the runner, only their names. */
export const AgentInfo = z.object({
  id: Id,
  name: z.string(),
  driver: AgentDriver,
  state: AgentState,
  activity: AgentActivity,
  stateReason: z.string().optional(),
  attention: AgentAttention,
  /**
   * Whether the safety guard sees this agent's tool calls: `guarded` (sdk: canUseTool; acp: session/request_permission),
   * `unguarded` (codex exec and tmux panes: no hook installed by the runner yet), never silently trusted; `guardNote` says why.
   */
  guard: z.enum(['guarded', 'unguarded']),
  guardNote: z.string().optional(),
  /** Why a paused agent is paused: `usage_limit` (the model API's rate or usage limit), a budget, or an operator. */
  pauseReason: z.string().optional(),
  /** usage_limit: when the limit resets and the agent goes on by itself. */
  resumeAt: IsoTime.optional(),
  /** The agent's own auto-resume setting at a usage limit; absent: its project's (default on). */
  autoResume: z.boolean().optional(),
  runnerId: z.string(),
  workingDirectory: z.string(),
  model: z.string().optional(),
  command: z.array(z.string()).optional(),
  envKeys: z.array(z.string()),
  accountId: z.string().optional(),
  /** Given at spawn, else derived from the repository (`git rev-parse --git-common-dir`): every worktree of one repository is one project. */
  projectId: z.string().optional(),
  /** The top of the agent's working tree (`git rev-parse --show-toplevel`), or its directory outside git. */
  treeRoot: z.string().optional(),
  /** The account's provider profile (BYOA) the agent runs on, if any. */
  profileId: z.string().optional(),
  /** `worktree`: the agent runs in its own git worktree on branch `flywheel/<name>` (docs/worktrees.md); absent means in-place. */
  isolation: Isolation.optional(),
  worktree: AgentWorktree.optional(),
  pid: z.number().int().optional(),
  sessionId: z.string().optional(),
  messageCount: z.number().int().nonnegative(),
  lastSeq: z.number().int().nonnegative(),
  /** For tmux agents: the command a user runs to watch or take over the terminal. */
  attachCommand: z.string().optional(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  lastActivityAt: IsoTime.optional(),
});
export type AgentInfo = z.infer<typeof AgentInfo>;

const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'must be an environment variable name');
/** Text that reaches a process (argv, env, cwd, a terminal): a NUL byte cannot, so it is bad input, not a failed start. */
const ProcText = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((v) => !v.includes('\0'), 'must not contain NUL bytes');

/** POST /agents body. `command` is the agent program for acp and tmux (argv), optional for codex. */
export const SpawnAgentRequest = z.object({
  driver: AgentDriver,
  name: z.string().min(1).max(100).optional(),
  workingDirectory: ProcText(1, 4096).refine((v) => v.startsWith('/'), 'must be an absolute path'),
  model: ProcText(1, 200).optional(),
  prompt: ProcText(1, 200_000).optional(),
  env: z.record(EnvName, ProcText(0, 10_000)).optional(),
  command: z.array(ProcText(1, 4096)).min(1).max(100).optional(),
  projectId: z.string().min(1).max(100).optional(),
  /** A provider profile of the caller's account; by default its first active one for the driver's provider. */
  profileId: z.string().min(1).max(100).optional(),
  /** sdk driver: resume this Claude Code session (e.g. of an agent failed by a runner restart). */
  resumeSessionId: z.string().min(1).max(200).optional(),
  /** Own git worktree and branch, or the given directory; default: the project's setting, else `in-place`. */
  isolation: Isolation.optional(),
  /** worktree: the ref the agent's branch starts from (default the repository's HEAD). */
  baseRef: GitRef.optional(),
});
export type SpawnAgentRequest = z.infer<typeof SpawnAgentRequest>;

export const SendMessageRequest = z.object({ message: ProcText(1, 200_000) });
export type SendMessageRequest = z.infer<typeof SendMessageRequest>;

/** A point an sdk agent's session can be resumed at. */
export const Checkpoint = z.object({
  id: z.string(),
  agentId: Id,
  seq: z.number().int().nonnegative(),
  sessionId: z.string().optional(),
  messageUuid: z.string().optional(),
  messageCount: z.number().int().nonnegative(),
  reason: z.enum(['manual', 'auto']),
  createdAt: IsoTime,
});
export type Checkpoint = z.infer<typeof Checkpoint>;

/** One command sent to an agent, who sent it and what came of it. */
export const CommandRecord = z.object({
  id: z.string(),
  agentId: Id,
  /** resume: a person resumed a usage-limited agent now; auto_resume: its setting changed; rotate_profile: the runner moved it to the next BYOA profile at a limit. */
  kind: z.enum(['spawn', 'send', 'interrupt', 'terminate', 'restore', 'checkpoint', 'resume', 'auto_resume', 'rotate_profile']),
  message: z.string().optional(),
  actor: z.string().optional(),
  requestId: z.string().optional(),
  outcome: z.enum(['ok', 'error']),
  error: ErrorBody.optional(),
  createdAt: IsoTime,
});
export type CommandRecord = z.infer<typeof CommandRecord>;
