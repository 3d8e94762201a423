import { join } from 'node:path';

/** The hook CLI of this package, run with node. */
export const GUARD_BIN = join(import.meta.dirname, '../../bin/flywheel-guard.js');

/** Runs a process to completion; resolves with its exit code and output. */
export { runProcess as run } from '@flywheel/kit/testing';
