import { createHash } from 'node:crypto';

/**
 * A project id from the repository: `prj_` + the first 16 hex of SHA-256 of the absolute git common dir,
 * so every worktree of one repository is one project (a directory outside git: of its own path).
 */
export const projectIdFor = (commonDirOrPath: string): string => `prj_${createHash('sha256').update(commonDirOrPath).digest('hex').slice(0, 16)}`;
