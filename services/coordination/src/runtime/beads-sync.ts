import { mkdirSync, readFileSync, renameSync, unwatchFile, watchFile, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, type BeadsSyncStatus } from '@flywheel/contracts';
import { assertSees, type Caller } from '../domain/access.ts';
import { iso, type CoordCore } from './core.ts';
import { exportBeads, importBeads } from './tasks.ts';

const INTERNAL: Caller = {};
const ACTOR = 'beads-sync';
const fileOf = (repository: string) => join(repository, '.beads', 'issues.jsonl');

/**
 * Opt-in two-way sync of a project's tasks with `<repository>/.beads/issues.jsonl`: every change of a task rewrites
 * the file (imported lines stay byte for byte), and a change to the file made by someone else (git pull, `bd`) is
 * imported. The file is polled (`POLL_MS`), so edits by rename (as editors and git write) are seen too.
 */
export function createBeadsSync(core: CoordCore, pollMs = 500) {
  const log = core.logger.child({ mod: 'beads-sync' });
  /** What we last wrote or read per project: a file equal to it is ours, not news. */
  const known = new Map<string, string>();
  const timers = new Map<string, NodeJS.Timeout>();
  const watching = new Map<string, string>();

  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);

  function write(projectId: string): void {
    const row = core.repos.beadsSync.get(projectId);
    if (!row) return;
    const file = fileOf(row.repository);
    const { jsonl } = exportBeads(core, projectId, INTERNAL);
    if (read(file) === jsonl) {
      known.set(projectId, jsonl);
      return;
    }
    mkdirSync(join(row.repository, '.beads'), { recursive: true });
    const tmp = `${file}.flywheel-${process.pid}`;
    writeFileSync(tmp, jsonl);
    renameSync(tmp, file);
    known.set(projectId, jsonl);
  }

  function pull(projectId: string): void {
    const row = core.repos.beadsSync.get(projectId);
    if (!row) return;
    const text = read(fileOf(row.repository));
    if (text === undefined || text === known.get(projectId)) return;
    known.set(projectId, text);
    try {
      importBeads(core, { projectId, jsonl: text, actor: ACTOR }, INTERNAL);
    } catch (err) {
      log.warn({ projectId, err: (err as Error).message }, 'beads file not imported');
    }
  }

  function watch(projectId: string, repository: string): void {
    const file = fileOf(repository);
    if (watching.get(projectId) === file) return;
    unwatch(projectId);
    watching.set(projectId, file);
    watchFile(file, { interval: pollMs }, () => pull(projectId));
  }
  function unwatch(projectId: string): void {
    const file = watching.get(projectId);
    if (file) unwatchFile(file);
    watching.delete(projectId);
  }

  return {
    /** Debounced: a burst of changes is one write. */
    changed(projectId: string): void {
      if (!core.repos.beadsSync.get(projectId) || timers.has(projectId)) return;
      timers.set(
        projectId,
        setTimeout(() => {
          timers.delete(projectId);
          try {
            write(projectId);
          } catch (err) {
            log.warn({ projectId, err: (err as Error).message }, 'beads file not written');
          }
        }, 50),
      );
    },
    /** Turning it on imports the file if there is one (409/400 as an import would), then writes it back. */
    configure(req: { projectId: string; config: { enabled: boolean; repository: string }; actor?: string }, caller: Caller): BeadsSyncStatus {
      const owner = core.repos.tasks.owner(req.projectId);
      if (owner) assertSees(caller, owner.accountId, `project ${req.projectId}`);
      const file = fileOf(req.config.repository);
      if (!req.config.enabled) {
        unwatch(req.projectId);
        core.repos.beadsSync.delete(req.projectId);
        known.delete(req.projectId);
        return { ...req.config, projectId: req.projectId, file };
      }
      if (!existsSync(join(req.config.repository, '.git')))
        throw new AppError('BAD_REQUEST', `invalid repository: ${req.config.repository} is not a git repository`, { field: 'repository' });
      const text = read(file);
      if (text) importBeads(core, { projectId: req.projectId, jsonl: text, actor: req.actor ?? ACTOR }, caller);
      const accountId = owner?.accountId ?? caller.accountId;
      core.repos.beadsSync.put({
        projectId: req.projectId,
        repository: req.config.repository,
        updatedAt: iso(core.now()),
        ...(accountId ? { accountId } : {}),
        ...(req.actor ? { updatedBy: req.actor } : {}),
      });
      try {
        write(req.projectId);
      } catch (err) {
        core.repos.beadsSync.delete(req.projectId);
        throw new AppError('BAD_REQUEST', `invalid repository: cannot write ${file}: ${(err as Error).message}`, { field: 'repository' });
      }
      watch(req.projectId, req.config.repository);
      return { ...req.config, projectId: req.projectId, file };
    },
    resume(): void {
      for (const r of core.repos.beadsSync.all()) {
        try {
          pull(r.projectId);
          write(r.projectId);
        } catch (err) {
          log.warn({ projectId: r.projectId, err: (err as Error).message }, 'beads file not synced at start');
        }
        watch(r.projectId, r.repository);
      }
    },
    stop(): void {
      for (const p of [...watching.keys()]) unwatch(p);
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
export type BeadsSync = ReturnType<typeof createBeadsSync>;
