import { z } from 'zod';
import { Cursor, Id, IsoTime } from './ids.ts';
import { AgentState, CleanupPolicy, GitRef } from './agent.ts';

/** Worktree isolation review and merge-back (docs/worktrees.md): shapes shared by the runner, the gateway and the web app. */

export const DiffFileStatus = z.enum(['added', 'modified', 'deleted', 'type-changed']);

export const DiffFile = z.object({
  path: z.string(),
  status: DiffFileStatus,
  additions: z.number().int().nonnegative(),
  deletions: z.number().int().nonnegative(),
  binary: z.boolean(),
  /** The unified diff of this file against the base (committed and uncommitted work); absent for binary files. */
  patch: z.string().optional(),
  /** The patch was cut at the size limit. */
  truncated: z.boolean().optional(),
});
export type DiffFile = z.infer<typeof DiffFile>;

export const BranchCommit = z.object({ sha: z.string(), author: z.string(), date: z.string(), subject: z.string() });

export const DiffQuery = z.object({
  /** Only this file (a path relative to the repository top). */
  file: z.string().min(1).max(4096).optional(),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const AgentDiff = z.object({
  agentId: Id,
  branch: z.string(),
  baseRef: z.string(),
  baseCommit: z.string(),
  /** The branch tip (HEAD of the worktree); uncommitted work is included in `files` beside it. */
  head: z.string(),
  uncommitted: z.boolean(),
  commits: z.array(BranchCommit),
  /** Every changed file's path and counts come on the first page; patches page by `cursor`. */
  totalFiles: z.number().int().nonnegative(),
  files: z.array(DiffFile),
  nextCursor: Cursor.optional(),
});
export type AgentDiff = z.infer<typeof AgentDiff>;

export const ReviewCommentInput = z.object({
  file: z.string().min(1).max(4096),
  startLine: z.number().int().min(1),
  endLine: z.number().int().min(1).optional(),
  body: z.string().min(1).max(20_000),
});
export const ReviewCommentsRequest = z.object({
  comments: z.array(ReviewCommentInput).min(1).max(100),
  /** Send them to the agent as its next message (default true). */
  send: z.boolean().default(true),
});

export const ReviewComment = ReviewCommentInput.extend({
  id: z.string(),
  agentId: Id,
  endLine: z.number().int().min(1),
  /** The lines as they stood in the agent's worktree when the comment was made. */
  quote: z.string(),
  author: z.string().optional(),
  createdAt: IsoTime,
  /** The command that delivered it to the agent, when it was sent. */
  commandId: z.string().optional(),
});
export type ReviewComment = z.infer<typeof ReviewComment>;

/** A reviewer approves the agent's work as it stands now (its worktree's tree, uncommitted changes included). */
export const ReviewApprovalRequest = z.object({ note: z.string().min(1).max(2000).optional() });
export const ReviewApproval = z.object({
  id: z.string(),
  agentId: Id,
  /** Who approved: from the key, never the body. */
  by: z.string(),
  at: IsoTime,
  /** The git tree of the agent's worktree when approved. */
  tree: z.string(),
  note: z.string().optional(),
  /** Whether the work is still exactly what was approved (false once the agent changes a file). */
  current: z.boolean(),
});
export type ReviewApproval = z.infer<typeof ReviewApproval>;
export const ReviewApprovalsReply = z.object({
  items: z.array(ReviewApproval),
  /** The worktree's tree now. */
  tree: z.string(),
  /** Some approval covers the work as it is now. */
  approved: z.boolean(),
});
export type ReviewApprovalsReply = z.infer<typeof ReviewApprovalsReply>;

export const ReviewCommentsReply = z.object({
  comments: z.array(ReviewComment),
  sent: z.boolean(),
  commandId: z.string().optional(),
  /** Why the message was not sent (the agent is not running ...); the comments are stored anyway. */
  notSent: z.string().optional(),
  message: z.string(),
});

export const MergeStrategy = z.enum(['merge', 'squash', 'rebase']);
export const MergeRequest = z.object({
  strategy: MergeStrategy.default('merge'),
  /** A local branch; default the agent's target (its base branch). */
  target: GitRef.optional(),
  message: z.string().min(1).max(10_000).optional(),
  /** On a conflict: only answer 409 (`fail`), or also send the agent the conflict to resolve on its branch. */
  onConflict: z.enum(['fail', 'send-to-agent']).default('fail'),
});

export const MergeResult = z.object({
  agentId: Id,
  strategy: MergeStrategy,
  target: z.string(),
  branch: z.string(),
  /** The target's new tip, and what it was. */
  commit: z.string(),
  previous: z.string(),
  /** The auto-commit of the agent's uncommitted work made first, if any. */
  autoCommit: z.string().optional(),
  /** The target was checked out (clean) in this worktree and was fast-forwarded there. */
  updatedCheckout: z.string().optional(),
  cleanup: z.object({ policy: CleanupPolicy, worktreeRemoved: z.boolean(), branchDeleted: z.boolean(), deferred: z.string().optional() }),
});

export const MergePreview = z.object({
  agentId: Id,
  branch: z.string(),
  target: z.string(),
  files: z.array(z.string()),
  /** Other agents' branches, on any runner of the fleet, that changed some of the same files (committed or not). */
  branches: z.array(z.object({ agentId: Id, name: z.string(), branch: z.string(), state: AgentState.optional(), files: z.array(z.string()) })),
  /** Active coordination reservations of other agents whose patterns match some of the files. */
  reservations: z.array(z.object({ id: z.string(), agentId: Id, patterns: z.array(z.string()), mode: z.string(), files: z.array(z.string()) })),
  /** Whether coordination answered (false: reservations unknown). */
  reservationsChecked: z.boolean(),
  /** Whether every runner's worktree agents were compared (false: the fleet listing did not answer; this runner's only). */
  branchesChecked: z.boolean(),
  /** The merge would conflict in git (a dry-run merge in a temporary worktree). */
  conflicts: z.array(z.string()),
});
export type MergePreview = z.infer<typeof MergePreview>;

export const WorktreeListing = z.object({
  path: z.string(),
  repo: z.string(),
  branch: z.string().optional(),
  head: z.string().optional(),
  runnerId: z.string(),
  agentId: Id.optional(),
  agentName: z.string().optional(),
  agentState: AgentState.optional(),
  accountId: z.string().optional(),
  merged: z.boolean(),
  dirty: z.boolean(),
  unmergedCommits: z.number().int().nonnegative(),
  /** Why it is stale (agent gone, branch merged); absent while in use. */
  stale: z.string().optional(),
});
export type WorktreeListing = z.infer<typeof WorktreeListing>;

export const WorktreeListRequest = z.object({ staleOnly: z.boolean().optional() });
export const WorktreeListQuery = z.object({ stale: z.enum(['true', 'false']).optional() });
export const PruneRequest = z.object({
  /** Also remove dirty worktrees and delete branches with unmerged commits. */
  force: z.boolean().default(false),
  /** Only these worktree paths (default: every stale one). */
  paths: z.array(z.string().min(1).max(4096)).max(500).optional(),
});
export const PruneReply = z.object({
  removed: z.array(z.object({ path: z.string(), branch: z.string().optional(), branchDeleted: z.boolean() })),
  kept: z.array(z.object({ path: z.string(), branch: z.string().optional(), reason: z.string() })),
});
export type PruneReply = z.infer<typeof PruneReply>;
