/** Zod-free subject names, for processes that must start in milliseconds (the flywheel-guard hook). */
export const GUARD_SUBJECT = 'svc.safety.guard';
