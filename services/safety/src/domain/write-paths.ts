// Moved to @flywheel/dcg so the gateway's hook fast path sees the same writes as the guard.
export { writePaths, type WritePaths } from '@flywheel/dcg';
