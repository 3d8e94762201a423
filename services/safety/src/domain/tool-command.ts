// Moved to @flywheel/dcg so the gateway's hook fast path reads tool calls exactly as the guard does.
export { toolTarget, type ToolTarget } from '@flywheel/dcg';
