import { z } from 'zod';
import { paged, Page } from '../ids.ts';
import {
  AgentDiff,
  DiffQuery,
  MergePreview,
  MergeRequest,
  MergeResult,
  PruneReply,
  PruneRequest,
  ReviewApproval,
  ReviewApprovalRequest,
  ReviewApprovalsReply,
  ReviewComment,
  ReviewCommentsReply,
  ReviewCommentsRequest,
  WorktreeListing,
  WorktreeListQuery,
} from '../worktrees.ts';
import { GitRef } from '../agent.ts';
import { AgentParams } from './agents.ts';
import { routesOf } from './route.ts';

const route = routesOf('worktrees');
const A = '/api/v1/agents/:id';

/** Review and merge-back of worktree agents, and the worktree listing (docs/worktrees.md). */
export const worktreeRoutes = {
  diff: route({
    method: 'GET',
    path: `${A}/diff`,
    summary: "The agent's changes against its base: files, per-file unified diff (uncommitted work included), commits",
    access: 'viewer',
    params: AgentParams,
    query: DiffQuery,
    reply: AgentDiff,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  reviewComment: route({
    method: 'POST',
    path: `${A}/review-comments`,
    summary: "Comment on lines of the agent's diff; sent to the agent as its next message",
    access: 'operator',
    params: AgentParams,
    body: ReviewCommentsRequest,
    reply: ReviewCommentsReply,
    status: 201,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  reviewComments: route({
    method: 'GET',
    path: `${A}/review-comments`,
    summary: "The agent's review comments",
    access: 'viewer',
    params: AgentParams,
    query: Page,
    reply: paged(ReviewComment),
    errors: ['NOT_FOUND'],
  }),
  reviewApprove: route({
    method: 'POST',
    path: `${A}/review-approvals`,
    summary: "Approve the agent's work as it stands now (stays current until a file changes)",
    access: 'operator',
    params: AgentParams,
    body: ReviewApprovalRequest,
    reply: ReviewApproval,
    status: 201,
    errors: ['NOT_FOUND'],
  }),
  reviewApprovals: route({
    method: 'GET',
    path: `${A}/review-approvals`,
    summary: "Approvals of the agent's work, and whether one covers it as it is now",
    access: 'viewer',
    params: AgentParams,
    reply: ReviewApprovalsReply,
    errors: ['NOT_FOUND'],
  }),
  mergePreview: route({
    method: 'GET',
    path: `${A}/merge-preview`,
    summary: "Before a merge: other agents' branches and reservations touching the same files, and git conflicts",
    access: 'viewer',
    params: AgentParams,
    query: z.object({ target: GitRef.optional() }),
    reply: MergePreview,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  merge: route({
    method: 'POST',
    path: `${A}/merge`,
    summary: "Merge the agent's branch into a target (in a temporary worktree); conflicts → 409, nothing changed",
    access: 'operator',
    params: AgentParams,
    body: MergeRequest,
    reply: MergeResult,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  list: route({
    method: 'GET',
    path: '/api/v1/worktrees',
    summary: 'Agent worktrees on the fleet, with stale entries (agent gone, branch merged)',
    access: 'viewer',
    query: WorktreeListQuery,
    reply: z.object({ items: z.array(WorktreeListing) }),
  }),
  prune: route({
    method: 'POST',
    path: '/api/v1/worktrees/prune',
    summary: 'Remove stale worktrees and their branches; unmerged or dirty work only with force',
    access: 'operator',
    body: PruneRequest,
    reply: PruneReply,
  }),
} as const;
