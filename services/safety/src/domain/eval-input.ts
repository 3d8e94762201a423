import type { Decision } from '@flywheel/dcg';

/** One command (or command-less tool call) to evaluate, and how an `ask` is answered. */
export interface EvalInput {
  source: 'guard' | 'check' | 'hook';
  agentId?: string;
  /** Whose decision it is: stored and published with it, and who may settle its exception. */
  accountId?: string;
  projectId?: string;
  profileId?: string;
  tool?: string;
  /** Absent for tools without a command (file edits, unknown tools): allowed and recorded. */
  command?: string;
  cwd?: string;
  /** Hold an `ask` for a human (drivers) or deny it at once with a short code (hooks, /check). */
  wait: boolean;
  /** A verdict decided before the engine (e.g. a shell tool without a readable command). */
  preset?: Decision;
  /** Coordination's verdict on the files this call writes, asked in parallel with the engine; it decides when the engine allows. */
  coordination?: Promise<Decision | undefined>;
}
