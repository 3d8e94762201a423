import type { AgentAttention, AgentInfo, AgentState, SpendSubject } from '@flywheel/contracts';
import type { WorktreeInfo } from './worktree-git.ts';
import { guardOf } from './agent-hooks.ts';

/** An agent as this runner stores it: the API view plus what stays inside the runner (env, pause reason, resume point). */
export interface AgentRecord {
  id: string;
  name: string;
  driver: string;
  state: string;
  activity: string;
  stateReason: string | null;
  pauseReason: string | null;
  /** When a usage limit resets and the agent goes on (pause reason usage_limit). */
  resumeAt: string | null;
  /** The agent's own auto-resume setting at a usage limit; null follows its project's. */
  autoResume: boolean | null;
  /** approval (a guarded call waits), input (the turn ended with a question), error (the last turn failed), or null. */
  attentionFlag: string | null;
  workingDirectory: string;
  model: string | null;
  command: string[] | null;
  /** Needed to resume the process after a restart; never returned by the API. */
  env: Record<string, string>;
  accountId: string | null;
  projectId: string | null;
  treeRoot: string | null;
  profileId: string | null;
  isolation: string;
  worktree: WorktreeInfo | null;
  pid: number | null;
  sessionId: string | null;
  lastMessageUuid: string | null;
  messageCount: number;
  lastSeq: number;
  attachCommand: string | null;
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string | null;
}

/** The API view of an agent: env values stay inside the runner. */
export function toInfo(a: AgentRecord, runnerId: string): AgentInfo {
  return {
    id: a.id,
    name: a.name,
    driver: a.driver as AgentInfo['driver'],
    state: a.state as AgentState,
    activity: a.activity as AgentInfo['activity'],
    stateReason: a.stateReason ?? undefined,
    attention: attentionOf(a),
    ...guardOf(a.driver, a.command),
    pauseReason: a.state === 'paused' ? (a.pauseReason ?? undefined) : undefined,
    resumeAt: a.state === 'paused' ? (a.resumeAt ?? undefined) : undefined,
    autoResume: a.autoResume ?? undefined,
    runnerId,
    workingDirectory: a.workingDirectory,
    model: a.model ?? undefined,
    command: a.command ?? undefined,
    envKeys: Object.keys(a.env).sort(),
    accountId: a.accountId ?? undefined,
    projectId: a.projectId ?? undefined,
    treeRoot: a.treeRoot ?? undefined,
    profileId: a.profileId ?? undefined,
    isolation: a.isolation === 'worktree' ? 'worktree' : 'in-place',
    worktree: a.worktree ?? undefined,
    pid: a.pid ?? undefined,
    sessionId: a.sessionId ?? undefined,
    messageCount: a.messageCount,
    lastSeq: a.lastSeq,
    attachCommand: a.attachCommand ?? undefined,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    lastActivityAt: a.lastActivityAt ?? undefined,
  };
}

/** Whose spend an agent's next call is, for the budget check. */
export const spendSubjectOf = (a: Pick<AgentRecord, 'id' | 'accountId' | 'projectId' | 'model'>): SpendSubject => ({
  agentId: a.id,
  accountId: a.accountId ?? undefined,
  projectId: a.projectId ?? undefined,
  model: a.model ?? undefined,
});

/** What a spawn stores; every other field starts empty (null, 0). */
export type NewAgent = Pick<AgentRecord, 'id' | 'name' | 'driver' | 'state' | 'activity' | 'workingDirectory' | 'env' | 'createdAt' | 'updatedAt'> &
  Partial<AgentRecord>;

/** What the agent needs from a person, from its state and the flag its driver callbacks set; the first that holds wins. */
/** A worktree agent's worktree (its writes must stay inside); undefined for an agent without isolation. */
export const isolationRootOf = (a: Pick<AgentRecord, 'isolation' | 'worktree'> | undefined): string | undefined =>
  a?.isolation === 'worktree' && a.worktree ? a.worktree.path : undefined;

export function attentionOf(a: Pick<AgentRecord, 'state' | 'activity' | 'pauseReason' | 'attentionFlag'>): AgentAttention {
  if (a.state === 'failed') return 'error';
  if (a.state === 'terminated' || a.state === 'terminating') return 'none';
  if (a.state === 'paused' && a.pauseReason === 'usage_limit') return 'usage_limit';
  if (a.attentionFlag === 'approval') return 'approval';
  if (a.attentionFlag === 'error') return 'error';
  if (a.activity === 'stalled') return 'stalled';
  if (a.attentionFlag === 'input' && a.state === 'ready') return 'input';
  return 'none';
}
