import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { unmergedConflict } from '../domain/conflict-facts.ts';
import { iso, type CoordCore } from './core.ts';
import { recordConflict } from './conflicts.ts';

const run = promisify(execFile);

/** Unmerged paths of one working tree (`git diff --name-only --diff-filter=U`); none when it is not a git tree. */
async function unmergedIn(tree: string): Promise<string[]> {
  const { stdout } = await run('git', ['-C', tree, 'diff', '--name-only', '--diff-filter=U'], { timeout: 5000 }).catch(() => ({ stdout: '' }));
  return stdout.split('\n').filter(Boolean);
}

/**
 * Every UNMERGED_SCAN_MS, the working trees of live agents that exist on this host are asked for unmerged
 * paths: a tree with some is an `unmerged_paths` conflict; one with none left resolves it.
 */
export function startUnmergedScan(core: CoordCore): { stop(): void; scan(): Promise<void> } {
  const log = core.logger.child({ mod: 'unmerged-scan' });
  let running = false;
  const scan = async () => {
    if (running) return;
    running = true;
    try {
      const trees = new Map<string, { projectId: string; agents: string[]; accountId?: string }>();
      for (const a of core.repos.agents.list({ live: true })) {
        if (!a.treeRoot || !existsSync(a.treeRoot)) continue;
        const t = trees.get(a.treeRoot) ?? { projectId: a.projectId, agents: [], accountId: a.accountId };
        t.agents.push(a.agentId);
        trees.set(a.treeRoot, t);
      }
      for (const [tree, t] of trees) {
        const paths = await unmergedIn(tree);
        const draft = unmergedConflict(t.projectId, tree, paths, t.agents, t.accountId);
        if (paths.length) recordConflict(core, draft);
        else {
          const open = core.repos.conflicts.openLike(draft);
          if (open) core.events.conflict('resolved', core.repos.conflicts.resolve(open.id, 'coordination', 'no unmerged paths left', iso(core.now())));
        }
      }
    } catch (err) {
      log.warn({ err }, 'unmerged scan failed');
    } finally {
      running = false;
    }
  };
  const ms = core.config.UNMERGED_SCAN_MS;
  const timer = ms > 0 ? setInterval(() => void scan(), ms) : undefined;
  timer?.unref();
  return { scan, stop: () => timer && clearInterval(timer) };
}
