// Moved to @flywheel/contracts so the gateway's hook fast path picks the account's policy as the guard does.
export { callAccount } from '@flywheel/contracts';
