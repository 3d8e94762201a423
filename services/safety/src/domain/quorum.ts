/**
 * The two-person rule: how many distinct principals must approve an exception. Only rules of severity
 * `critical` need more than one; the project's setting wins over the global one, which wins over the config.
 */
export interface QuorumPolicy {
  required: number;
  source: 'default' | 'config' | 'global' | 'project';
  scopeId?: string;
}

export function quorumPolicy(settings: ReadonlyMap<string, number>, configured: number, projectId?: string): QuorumPolicy {
  const project = projectId !== undefined ? settings.get(`project:${projectId}`) : undefined;
  if (project !== undefined) return { required: project, source: 'project', scopeId: projectId };
  const global = settings.get('global');
  if (global !== undefined) return { required: global, source: 'global' };
  return configured > 1 ? { required: configured, source: 'config' } : { required: 1, source: 'default' };
}

/** Approvals an exception of this severity needs under the policy. */
export const quorumFor = (severity: string | null | undefined, policy: QuorumPolicy): number => (severity === 'critical' ? Math.max(1, policy.required) : 1);

/** Approvals that count: one per principal, none from the requesting agent itself. */
export function countedApprovals(approvals: readonly { principal: string }[]): number {
  return new Set(approvals.map((a) => a.principal)).size;
}
