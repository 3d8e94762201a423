import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import picomatch from 'picomatch';
import {
  AppError,
  canSeeAccount,
  coordRpcs,
  isLiveState,
  worktreeRpcs,
  type AgentDiff,
  type AgentState,
  type MergePreview,
  type ReviewApproval,
  type ReviewApprovalsReply,
  type PruneReply,
  type ReviewComment,
  type WorktreeListing,
} from '@flywheel/contracts';
import { rpcClient, type CallContext, type Logger, type NatsConnection, type Registry } from '@flywheel/kit';
import type { AgentRecord } from '../domain/agent-record.ts';
import {
  autoCommitMessage,
  defaultMergeMessage,
  isInside,
  isPlausibleBranch,
  pruneVerdict,
  quoteLines,
  refSafeName,
  reviewMessage,
  staleReason,
  worktreeRootFor,
  type MergeStrategy,
  type WorktreeInfo,
} from '../domain/worktree-git.ts';
import { sortableId } from '../domain/ids.ts';
import { fleetBranches, sharedFiles } from '../domain/merge-preview.ts';
import type { AgentRepo } from '../db/agent-repo.ts';
import type { ReviewRepo } from '../db/review-repo.ts';
import { git, gitRun, identity } from './git.ts';
import {
  adoptCommit,
  branchCommits,
  branchExists,
  branchTip,
  changedFiles,
  commitUncommitted,
  filePatch,
  isDirty,
  mergeConflicts,
  mergedElsewhere,
  projectSettings,
  removeWorktree,
  resolveCommit,
  snapshotTree,
  unmergedCount,
  withTempWorktree,
  worktreeList,
} from './worktrees.ts';

export interface WorktreeOpsDeps {
  nc: NatsConnection;
  logger: Logger;
  runnerId: string;
  agents: AgentRepo;
  reviews: ReviewRepo;
  /** Sends a message to the agent as a recorded command (the runtime's send). */
  send: (agentId: string, message: string, ctx: CallContext & { actor?: string }) => Promise<{ commandId: string; state: AgentState }>;
  registry?: Registry;
}

const GATEWAY = identity('Flywheel Gateway', 'gateway@flywheel.local');

/** Review, merge-back and cleanup of worktree agents this runner owns (docs/worktrees.md). */
export function createWorktreeOps(deps: WorktreeOpsDeps) {
  const coordination = rpcClient(deps.nc, 'coordination', { failMode: 'throw', timeoutMs: 2000, registry: deps.registry });
  // The fleet's worktree listing (any runner answers, asking each runner for its own); without it the preview compares this runner's agents only (branchesChecked: false).
  const fleetRunners = rpcClient(deps.nc, 'agent-runner', { failMode: 'throw', timeoutMs: worktreeRpcs.list.timeoutMs, registry: deps.registry });
  const log = deps.logger.child({ mod: 'worktrees' });
  // One merge or prune per repository at a time.
  const locks = new Map<string, Promise<unknown>>();
  function serial<T>(repo: string, fn: () => Promise<T>): Promise<T> {
    const prev = locks.get(repo) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(fn);
    locks.set(repo, next);
    return next;
  }

  function agentOf(agentId: string): AgentRecord {
    const row = deps.agents.get(agentId);
    if (!row) throw new AppError('NOT_FOUND', `no agent ${agentId}`);
    return row;
  }
  function worktreeOf(row: AgentRecord): WorktreeInfo {
    if (row.isolation !== 'worktree' || !row.worktree)
      throw new AppError('BAD_REQUEST', `agent ${row.id} runs in-place (no worktree): nothing to review or merge`);
    return row.worktree;
  }
  async function usable(wt: WorktreeInfo, agentId: string): Promise<void> {
    if (!(await branchExists(wt.repo, wt.branch)))
      throw new AppError('CONFLICT', `agent ${agentId}'s branch ${wt.branch} no longer exists`, { branch: wt.branch });
  }

  /** A repo-relative file inside the agent's worktree, or BAD_REQUEST. */
  function inTree(wt: WorktreeInfo, file: string): string {
    const abs = resolve(wt.path, file);
    if (file.includes('\0') || !isInside(wt.path, abs) || abs === wt.path) throw new AppError('BAD_REQUEST', `invalid file: ${file} is outside the repository`);
    return abs;
  }

  async function diff(agentId: string, q: { file?: string; cursor?: string; limit: number }): Promise<AgentDiff> {
    const row = agentOf(agentId);
    const wt = worktreeOf(row);
    await usable(wt, agentId);
    if (q.file) inTree(wt, q.file);
    const tree = await snapshotTree(wt);
    const head = await branchTip(wt);
    const headTree = (await git(wt.repo, ['rev-parse', `${head}^{tree}`])).trim();
    const all = await changedFiles(wt, tree);
    const chosen = q.file ? all.filter((f) => f.path === q.file) : all;
    const offset = q.cursor ? Number(q.cursor) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw new AppError('BAD_REQUEST', 'invalid cursor');
    const page = chosen.slice(offset, offset + q.limit);
    const files = await Promise.all(page.map(async (f) => (f.binary ? f : { ...f, ...(await filePatch(wt, tree, f.path)) })));
    return {
      agentId,
      branch: wt.branch,
      baseRef: wt.baseRef,
      baseCommit: wt.baseCommit,
      head,
      uncommitted: tree !== headTree,
      commits: await branchCommits(wt),
      totalFiles: chosen.length,
      files,
      nextCursor: offset + q.limit < chosen.length ? String(offset + q.limit) : undefined,
    };
  }

  async function reviewComment(
    agentId: string,
    req: { comments: { file: string; startLine: number; endLine?: number; body: string }[]; send: boolean; actor?: string },
    ctx: CallContext,
  ) {
    const row = agentOf(agentId);
    const wt = worktreeOf(row);
    const stored: ReviewComment[] = [];
    for (const c of req.comments) {
      const endLine = c.endLine ?? c.startLine;
      if (endLine < c.startLine) throw new AppError('BAD_REQUEST', `invalid comment on ${c.file}: endLine ${endLine} is before startLine ${c.startLine}`);
      const abs = inTree(wt, c.file);
      const text = existsSync(abs) ? await readFile(abs, 'utf8').catch(() => '') : '';
      stored.push({
        id: sortableId('rvc'),
        agentId,
        file: c.file,
        startLine: c.startLine,
        endLine,
        body: c.body,
        quote: quoteLines(text, c.startLine, endLine),
        author: req.actor,
        createdAt: new Date().toISOString(),
      });
    }
    for (const c of stored) deps.reviews.insert(c);
    const message = reviewMessage(stored);
    if (!req.send) return { comments: stored, sent: false, notSent: 'send: false', message };
    try {
      const { commandId } = await deps.send(agentId, message, { ...ctx, actor: req.actor });
      deps.reviews.setCommand(
        stored.map((c) => c.id),
        commandId,
      );
      return { comments: stored.map((c) => ({ ...c, commandId })), sent: true, commandId, message };
    } catch (err) {
      // Stored all the same: the reviewer's words are not lost when the agent cannot take a message now.
      return { comments: stored, sent: false, notSent: (err as Error).message, message };
    }
  }

  /** Approve the work as it stands (its tree, uncommitted changes included); outdated once a file changes. */
  async function reviewApprove(agentId: string, req: { note?: string; actor?: string }): Promise<ReviewApproval> {
    const tree = await snapshotTree(worktreeOf(agentOf(agentId)));
    const approval = { id: sortableId('rva'), agentId, by: req.actor ?? 'unknown', at: new Date().toISOString(), tree, note: req.note };
    deps.reviews.approve(approval);
    return { ...approval, current: true };
  }

  async function reviewApprovals(agentId: string): Promise<ReviewApprovalsReply> {
    const tree = await snapshotTree(worktreeOf(agentOf(agentId)));
    const items = deps.reviews.approvals(agentId).map((a) => ({ ...a, current: a.tree === tree }));
    return { items, tree, approved: items.some((a) => a.current) };
  }

  async function targetOf(wt: WorktreeInfo, requested: string | undefined): Promise<{ target: string; sha: string }> {
    const target = requested ?? wt.target;
    if (!target) throw new AppError('BAD_REQUEST', 'invalid target: the agent has no default target branch (its base was not a branch); name one');
    if (!isPlausibleBranch(target)) throw new AppError('BAD_REQUEST', `invalid target: ${target} is not a branch name`);
    if (target === wt.branch) throw new AppError('BAD_REQUEST', `invalid target: ${target} is the agent's own branch`);
    const sha = await resolveCommit(wt.repo, `refs/heads/${target}`);
    if (!sha) throw new AppError('BAD_REQUEST', `invalid target: no branch ${target} in ${wt.repo}`);
    return { target, sha };
  }

  async function overlappingReservations(row: AgentRecord, files: string[], ctx: CallContext) {
    if (!row.projectId || files.length === 0) return { checked: true, items: [] as MergePreview['reservations'] };
    try {
      const r = await coordination(coordRpcs.reservations, { projectId: row.projectId, status: 'active', limit: 1000 });
      const items = r.items
        .filter((res) => res.agentId !== row.id && canSeeAccount(ctx, res.accountId))
        .map((res) => {
          const ms = res.patterns.map((p) => picomatch(p, { dot: true, posix: true }));
          return {
            id: res.id,
            agentId: res.agentId,
            patterns: res.patterns,
            mode: res.mode,
            files: files.filter((f) => res.patterns.includes(f) || ms.some((m) => m(f))),
          };
        })
        .filter((x) => x.files.length > 0);
      return { checked: true, items };
    } catch (err) {
      log.warn({ agentId: row.id, err: (err as Error).message }, 'reservations not checked for the merge preview');
      return { checked: false, items: [] };
    }
  }

  /**
   * Other runners' worktree agents of the same repository (several runners on one host share it): the fleet
   * listing (each runner lists its own, scoped to the caller's account) maps their branches to agents; what they
   * change is their work (uncommitted included) since where their branch meets the target.
   */
  async function fleetOverlaps(
    row: AgentRecord,
    wt: WorktreeInfo,
    targetSha: string,
    files: string[],
    known: Set<string>,
    ctx: CallContext,
  ): Promise<{ checked: boolean; items: MergePreview['branches'] }> {
    if (files.length === 0) return { checked: true, items: [] };
    let listing: WorktreeListing[];
    try {
      // Only who calls travels on (a handler's context also carries its own subject).
      listing = (await fleetRunners(worktreeRpcs.list, {}, { requestId: ctx.requestId, accountId: ctx.accountId, role: ctx.role })).items;
    } catch (err) {
      log.warn({ agentId: row.id, err: (err as Error).message }, "other runners' worktrees not compared for the merge preview");
      return { checked: false, items: [] };
    }
    const out: MergePreview['branches'] = [];
    for (const other of fleetBranches(listing, { agentId: row.id, repo: wt.repo }, known, (accountId) => canSeeAccount(ctx, accountId))) {
      if (!(await branchExists(other.repo, other.branch))) continue;
      const tip = (await git(other.repo, ['rev-parse', `refs/heads/${other.branch}`])).trim();
      const base = (await gitRun(other.repo, ['merge-base', targetSha, tip])).stdout.trim();
      if (!base) continue;
      const owt: WorktreeInfo = { repo: other.repo, path: other.path, branch: other.branch, baseRef: base, baseCommit: base, cleanup: 'never' };
      const theirs = sharedFiles(
        files,
        (await changedFiles(owt, await snapshotTree(owt))).map((f) => f.path),
      );
      if (theirs.length) out.push({ agentId: other.agentId, name: other.name, branch: other.branch, state: other.state, files: theirs });
    }
    return { checked: true, items: out };
  }

  async function mergePreview(agentId: string, req: { target?: string }, ctx: CallContext = {}): Promise<MergePreview> {
    const row = agentOf(agentId);
    const wt = worktreeOf(row);
    await usable(wt, agentId);
    const { target, sha } = await targetOf(wt, req.target);
    const tree = await snapshotTree(wt);
    const files = (await changedFiles(wt, tree)).map((f) => f.path);
    const branches: MergePreview['branches'] = [];
    const known = new Set<string>([row.id]);
    for (const other of deps.agents.page({ limit: 100_000 }).rows) {
      const owt = other.worktree;
      // Decided here from this runner's records (merged through the gateway, invisible, ...), not again from the fleet listing.
      known.add(other.id);
      // Another account's agents stay invisible to a non-admin caller, as everywhere.
      if (other.id === row.id || !owt || owt.repo !== wt.repo || owt.merged || !canSeeAccount(ctx, other.accountId)) continue;
      if (!(await branchExists(owt.repo, owt.branch))) continue;
      const theirs = sharedFiles(
        files,
        (await changedFiles(owt, await snapshotTree(owt))).map((f) => f.path),
      );
      if (theirs.length) branches.push({ agentId: other.id, name: other.name, branch: owt.branch, state: other.state as AgentState, files: theirs });
    }
    const fleet = await fleetOverlaps(row, wt, sha, files, known, ctx);
    branches.push(...fleet.items);
    const reservations = await overlappingReservations(row, files, ctx);
    // What the merge would meet in git: the agent's current work (uncommitted included) against the target.
    const head = await branchTip(wt);
    const probe = (await git(wt.repo, ['commit-tree', tree, '-p', head, '-m', 'flywheel: merge preview'], { env: GATEWAY })).trim();
    const conflicts = await mergeConflicts(wt.repo, sha, probe);
    return {
      agentId,
      branch: wt.branch,
      target,
      files,
      branches,
      reservations: reservations.items,
      reservationsChecked: reservations.checked,
      branchesChecked: fleet.checked,
      conflicts,
    };
  }

  /** The target's checkout, if some worktree has it checked out (the user's own checkout, typically). */
  async function checkoutOf(repo: string, target: string): Promise<string | undefined> {
    return (await worktreeList(repo)).find((e) => e.branch === target)?.path;
  }

  /** The conflict as the agent's next message, so it can resolve it on its own branch; the command id, or undefined if it could not be sent. */
  async function handConflict(
    row: AgentRecord,
    wt: WorktreeInfo,
    target: string,
    files: string[],
    ctx: CallContext & { actor?: string },
  ): Promise<string | undefined> {
    const text =
      `Merging your branch ${wt.branch} into ${target} conflicts in: ${files.join(', ')}. ` +
      `Merge ${target} into your branch here (git merge ${target}), resolve those conflicts keeping both intents, and commit.`;
    try {
      return (await deps.send(row.id, text, ctx)).commandId;
    } catch (err) {
      log.warn({ agentId: row.id, err: (err as Error).message }, 'conflict not handed to the agent');
      return undefined;
    }
  }

  async function merge(
    agentId: string,
    req: { strategy: MergeStrategy; target?: string; message?: string; onConflict?: 'fail' | 'send-to-agent'; actor?: string },
    ctx: CallContext = {},
  ) {
    const row = agentOf(agentId);
    const wt = worktreeOf(row);
    return serial(wt.repo, async () => {
      await usable(wt, agentId);
      const { target, sha: previous } = await targetOf(wt, req.target);
      const checkout = await checkoutOf(wt.repo, target);
      if (checkout && (await isDirty(checkout, false))) {
        throw new AppError('CONFLICT', `target ${target} is checked out in ${checkout} with uncommitted changes; commit or stash them first`, {
          target,
          checkout,
        });
      }
      // The agent's work as a commit, not yet on its branch: a conflict leaves everything as it was.
      const head = await branchTip(wt);
      const dirty = existsSync(wt.path) && !wt.removed && (await isDirty(wt.path));
      const tip = dirty
        ? (
            await git(wt.repo, ['commit-tree', await snapshotTree(wt), '-p', head, '-m', autoCommitMessage(row)], {
              env: identity(`Flywheel agent ${row.name}`, `${refSafeName(row.id)}@agents.flywheel.local`),
            })
          ).trim()
        : head;
      const message = req.message ?? defaultMergeMessage(req.strategy, row, wt.branch, target);
      const result = await withTempWorktree(wt.repo, req.strategy === 'rebase' ? tip : previous, (dir) => mergeIn(dir, req.strategy, tip, previous, message));
      if ('conflicts' in result) {
        const sentToAgent =
          req.onConflict === 'send-to-agent' ? await handConflict(row, wt, target, result.conflicts, { ...ctx, actor: req.actor }) : undefined;
        throw new AppError('CONFLICT', `merging ${wt.branch} into ${target} conflicts in ${result.conflicts.join(', ')}; nothing was changed`, {
          files: result.conflicts,
          target,
          branch: wt.branch,
          ...(req.onConflict === 'send-to-agent' ? { sentToAgent: sentToAgent ?? null } : {}),
        });
      }
      // The very commit that was merged becomes the branch tip (authored by the agent); the index follows, so `git status` is clean.
      const autoCommit = dirty ? await adoptCommit(wt, tip, head) : undefined;
      const commit = result.commit;
      if (checkout) {
        const ff = await gitRun(checkout, ['merge', '--ff-only', '--quiet', commit]);
        if (ff.code !== 0)
          throw new AppError('CONFLICT', `target ${target} moved or its checkout refused the update: ${ff.stderr.trim().slice(0, 300)}`, { target });
      } else {
        const upd = await gitRun(wt.repo, ['update-ref', '-m', `flywheel: ${req.strategy} ${wt.branch}`, `refs/heads/${target}`, commit, previous]);
        if (upd.code !== 0) throw new AppError('CONFLICT', `target ${target} moved underneath the merge; try again`, { target });
      }
      const mergedTip = autoCommit ?? tip;
      const merged = { tip: mergedTip, into: target, commit, at: new Date().toISOString() };
      let next: WorktreeInfo = { ...wt, merged };
      const cleanup = await cleanupAfter(row, next, 'merge');
      next = cleanup.worktree;
      deps.agents.update(agentId, { worktree: next });
      log.info({ agentId, target, strategy: req.strategy, commit }, 'merged agent branch');
      return {
        agentId,
        strategy: req.strategy,
        target,
        branch: wt.branch,
        commit,
        previous,
        autoCommit,
        updatedCheckout: checkout,
        cleanup: { policy: wt.cleanup, worktreeRemoved: cleanup.removed, branchDeleted: cleanup.branchDeleted, deferred: cleanup.deferred },
      };
    });
  }

  /** Runs the strategy in a temporary worktree; the conflicting paths, or the resulting commit. */
  async function mergeIn(
    dir: string,
    strategy: MergeStrategy,
    tip: string,
    target: string,
    message: string,
  ): Promise<{ commit: string } | { conflicts: string[] }> {
    const conflicted = async () => [...new Set((await git(dir, ['diff', '--name-only', '--diff-filter=U', '-z'])).split('\0').filter(Boolean))];
    if (strategy === 'merge') {
      const r = await gitRun(dir, ['merge', '--no-ff', '--no-edit', '-m', message, tip], { env: GATEWAY });
      if (r.code !== 0) return { conflicts: await conflicted() };
    } else if (strategy === 'squash') {
      const r = await gitRun(dir, ['merge', '--squash', tip], { env: GATEWAY });
      if (r.code !== 0) return { conflicts: await conflicted() };
      const staged = await gitRun(dir, ['diff', '--cached', '--quiet']);
      if (staged.code !== 0) await git(dir, ['commit', '-q', '--no-verify', '-m', message], { env: GATEWAY });
    } else {
      const r = await gitRun(dir, ['rebase', target], { env: GATEWAY });
      if (r.code !== 0) {
        const files = await conflicted();
        await gitRun(dir, ['rebase', '--abort']);
        return { conflicts: files };
      }
    }
    return { commit: (await git(dir, ['rev-parse', 'HEAD'])).trim() };
  }

  /**
   * The project's cleanup policy after a merge or when the agent ends: `when-merged` removes a merged worktree and
   * branch, `always` also removes an unmerged worktree once its work is committed (the branch stays unless merged).
   * A live agent's worktree is left until it ends.
   */
  async function cleanupAfter(
    row: AgentRecord,
    wt: WorktreeInfo,
    why: 'merge' | 'end',
  ): Promise<{ worktree: WorktreeInfo; removed: boolean; branchDeleted: boolean; deferred?: string }> {
    const none = { worktree: wt, removed: false, branchDeleted: false };
    if (wt.cleanup === 'never' || wt.removed?.branchDeleted) return none;
    const state = (deps.agents.get(row.id)?.state ?? row.state) as AgentState;
    if (isLiveState(state)) return { ...none, deferred: why === 'merge' ? `agent is ${state}; cleaned up when it ends` : undefined };
    const tip = (await branchExists(wt.repo, wt.branch)) ? await branchTip(wt) : undefined;
    const dirty = !wt.removed && existsSync(wt.path) && (await isDirty(wt.path));
    const merged = tip !== undefined && !dirty && (wt.merged?.tip === tip || (await mergedElsewhere(wt.repo, wt.branch, tip)));
    if (wt.removed) {
      // The worktree went earlier (cleanup `always`); its branch goes once merged.
      if (!merged) return none;
      const { branchDeleted } = await removeWorktree(wt, { deleteBranch: true, force: false });
      return { worktree: { ...wt, removed: { ...wt.removed, branchDeleted } }, removed: false, branchDeleted };
    }
    if (wt.cleanup === 'when-merged' && !merged) return none;
    if (dirty) await commitUncommitted(wt, row);
    const { branchDeleted } = await removeWorktree(wt, { deleteBranch: merged, force: false });
    return { worktree: { ...wt, removed: { at: new Date().toISOString(), branchDeleted } }, removed: true, branchDeleted };
  }

  /** Called when an agent reaches terminated or failed; cleanup follows a terminate only (a crash or a runner stop may be restored). */
  async function onAgentEnd(agentId: string): Promise<void> {
    const row = deps.agents.get(agentId);
    if (!row?.worktree || row.worktree.cleanup === 'never' || row.state !== 'terminated') return;
    const wt = row.worktree;
    await serial(wt.repo, async () => {
      const res = await cleanupAfter(row, wt, 'end');
      if (res.removed) deps.agents.update(agentId, { worktree: res.worktree });
    }).catch((err: Error) => log.warn({ agentId, err: err.message }, 'worktree cleanup failed'));
  }

  /** This runner's agents' repositories' flywheel worktrees, with what makes one stale. */
  async function listHere(scope: { accountId?: string }): Promise<WorktreeListing[]> {
    const rows = deps.agents.page({ limit: 100_000 }).rows.filter((r) => r.worktree);
    const repos = [...new Set(rows.map((r) => r.worktree!.repo))].filter((r) => existsSync(r));
    const out: WorktreeListing[] = [];
    for (const repo of repos) {
      const root = worktreeRootFor(repo, (await projectSettings(repo)).worktreeRoot);
      const byPath = new Map(rows.filter((r) => r.worktree!.repo === repo && !r.worktree!.removed).map((r) => [r.worktree!.path, r]));
      for (const e of await worktreeList(repo)) {
        const agent = byPath.get(e.path);
        if (!agent && !isInside(root, e.path)) continue;
        if (scope.accountId !== undefined && agent?.accountId !== scope.accountId) continue;
        const branch = e.branch;
        const tip = e.head;
        const merged = !!(branch && tip && (agent?.worktree?.merged?.tip === tip || (await mergedElsewhere(repo, branch, tip))));
        const dirty = !e.prunable && (await isDirty(e.path).catch(() => false));
        const unmergedCommits = branch ? await unmergedCount(repo, branch) : 0;
        const facts = { agentState: agent?.state, merged, dirty, unmergedCommits };
        out.push({
          path: e.path,
          repo,
          branch,
          head: tip,
          runnerId: deps.runnerId,
          agentId: agent?.id,
          agentName: agent?.name,
          agentState: agent?.state as AgentState | undefined,
          accountId: agent?.accountId ?? undefined,
          merged,
          dirty,
          unmergedCommits,
          stale: e.prunable ? 'directory is gone' : staleReason(facts),
        });
      }
    }
    return out;
  }

  async function pruneHere(scope: { accountId?: string }, req: { force: boolean; paths?: string[] }): Promise<PruneReply> {
    const reply: PruneReply = { removed: [], kept: [] };
    const entries = (await listHere(scope)).filter((e) => e.stale && (!req.paths || req.paths.includes(e.path)));
    for (const e of entries) {
      const v = pruneVerdict({ agentState: e.agentState, merged: e.merged, dirty: e.dirty, unmergedCommits: e.unmergedCommits }, req.force);
      if (!v.remove) {
        reply.kept.push({ path: e.path, branch: e.branch, reason: v.kept ?? 'kept' });
        continue;
      }
      await serial(e.repo, async () => {
        const { branchDeleted } = await removeWorktree(
          { repo: e.repo, path: e.path, branch: e.branch ?? '' },
          { deleteBranch: v.deleteBranch && !!e.branch, force: req.force },
        );
        if (e.agentId) {
          const row = deps.agents.get(e.agentId);
          if (row?.worktree) deps.agents.update(e.agentId, { worktree: { ...row.worktree, removed: { at: new Date().toISOString(), branchDeleted } } });
        }
        reply.removed.push({ path: e.path, branch: e.branch, branchDeleted });
      });
    }
    return reply;
  }

  return { diff, reviewComment, reviewApprove, reviewApprovals, reviews: deps.reviews, mergePreview, merge, onAgentEnd, listHere, pruneHere };
}
export type WorktreeOps = ReturnType<typeof createWorktreeOps>;
