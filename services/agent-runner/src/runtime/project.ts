import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { projectIdFor } from '../domain/project-id.ts';

const run = promisify(execFile);

/** Where an agent works: its project (the repository's git common dir, shared by every worktree) and its tree root. */
export async function locateProject(workingDirectory: string): Promise<{ projectId: string; treeRoot: string }> {
  try {
    const { stdout } = await run('git', ['rev-parse', '--path-format=absolute', '--git-common-dir', '--show-toplevel'], {
      cwd: workingDirectory,
      timeout: 5000,
    });
    const [common, top] = stdout.trim().split('\n');
    if (common && top) return { projectId: projectIdFor(resolve(workingDirectory, common)), treeRoot: top };
  } catch {
    // Not a git tree (or no git): the directory is its own project.
  }
  const dir = resolve(workingDirectory);
  return { projectId: projectIdFor(dir), treeRoot: dir };
}
