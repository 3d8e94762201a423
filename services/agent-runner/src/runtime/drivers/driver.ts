import type { AgentActivity, AgentDriver as DriverName } from '@flywheel/contracts';
import type { EventDraft, UsageDraft } from '../../domain/driver-event.ts';

/** Where a driver reports what its agent does; the runtime owns state, seq and persistence. */
export interface DriverSink {
  emit(draft: EventDraft): void;
  usage(u: UsageDraft): void;
  activity(a: AgentActivity): void;
  /** The agent accepts messages (first time: initializing → ready). */
  ready(info?: { sessionId?: string }): void;
  turnStarted(): void;
  /**
   * `fatal`: the CLI cannot go on at all (cannot authenticate, billing): the agent fails with the error as its reason
   * and its process is stopped, instead of returning to ready as if the turn had worked.
   */
  turnEnded(info?: { error?: string; fatal?: boolean }): void;
  /**
   * The model API's rate or usage limit stopped the turn until `resumeAt`: the agent shows paused (usage_limit) with
   * that time, and takes no messages, until the model answers again (usageLimitLifted).
   */
  usageLimited(info: { resumeAt: string; message: string }): void;
  /** The model answered again after a usage limit: the turn goes on. */
  usageLimitLifted(): void;
  /** Session progress, for checkpoints: the latest message a resume can start from. */
  progress(info: { sessionId?: string; messageUuid?: string; modelMessage?: boolean }): void;
  /** The agent process ended; expected after terminate(), a failure otherwise. */
  exited(info: { code: number | null; signal: string | null; reason?: string }): void;
  /** Asks the safety guard before a tool runs; resolves to the final allow/deny. */
  guard(req: { tool: string; input: unknown; toolCallId?: string }): Promise<{ allow: boolean; reason?: string }>;
}

export interface DriverSpec {
  agentId: string;
  workingDirectory: string;
  model?: string;
  prompt?: string;
  env: Record<string, string>;
  command?: string[];
  resume?: { sessionId: string; messageUuid?: string };
  /** Whose agent this is: a hook the driver installs records its decisions for them. */
  accountId?: string;
  projectId?: string;
  /** A worktree agent's worktree: a hook the driver installs has the guard deny writes outside it (isolation check). */
  isolationRoot?: string;
}

export interface DriverSession {
  readonly pid?: number;
  readonly attachCommand?: string;
  send(message: string): Promise<void>;
  interrupt(): Promise<void>;
  /** Ends the agent and its whole process tree. */
  terminate(): Promise<void>;
}

/** One backend that runs agents (seed: Agent Driver Architecture); each lives in its own module. */
export interface AgentDriver {
  readonly name: DriverName;
  /** Resolves once the process is started (the session may still be initializing). */
  start(spec: DriverSpec, sink: DriverSink): Promise<DriverSession>;
  /** Whether a checkpoint of this driver can be resumed. */
  readonly resumable: boolean;
}
