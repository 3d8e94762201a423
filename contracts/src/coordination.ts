/** Coordination between agents: reservations, the write check, messages, conflicts, handoffs (docs/coordination.md). */
export * from './coordination-patterns.ts';
export * from './coordination-braces.ts';
export * from './coordination-reservations.ts';
export * from './coordination-messages.ts';
export * from './coordination-conflicts.ts';
export * from './coordination-handoffs.ts';
export * from './coordination-rpcs.ts';
export * from './coordination-tasks.ts';
export * from './tasks-rpcs.ts';
