import type { AgentInfo, Alert } from '@flywheel/contracts';
import type { InboxEntry } from '../../stores/inbox.ts';

/** For the inbox's component and store tests: what the gateway returns, and the entries the store makes of it. */
const now = new Date().toISOString();

/** An open `autopilot_stuck` alert for a project whose autopilot stopped on task t_1 (override any field). */
export const stuckAlert = (id = 'alr_1', projectId = 'proj_1', over: Partial<Alert> = {}): Alert => ({
  id,
  rule: 'autopilot_stuck',
  severity: 'warning',
  title: `The autopilot of project ${projectId} stopped`,
  details: { projectId, taskId: 't_1', reason: 'task t_1 failed twice' },
  subject: { kind: 'project', id: projectId },
  firstAt: now,
  lastAt: now,
  count: 1,
  status: 'open',
  statusAt: now,
  ...over,
});

/** An agent paused at a usage limit that resets in ten minutes (override any field). */
export const limitedAgent = (id = 'agt_1', over: Partial<AgentInfo> = {}): AgentInfo => ({
  id,
  name: id,
  driver: 'sdk',
  state: 'paused',
  activity: 'idle',
  attention: 'usage_limit',
  guard: 'guarded',
  pauseReason: 'usage_limit',
  resumeAt: new Date(Date.now() + 600_000).toISOString(),
  runnerId: 'r1',
  workingDirectory: '/tmp/x',
  envKeys: [],
  messageCount: 1,
  lastSeq: 1,
  createdAt: now,
  updatedAt: now,
  ...over,
});

/** The inbox entries the store makes of a stuck autopilot's alert and of an agent at a usage limit. */
export const stuckEntry = (a: Alert): InboxEntry => ({ key: `autopilot:${a.subject.id}`, kind: 'autopilot', at: a.lastAt, alert: a });
export const usageEntry = (a: AgentInfo): InboxEntry => ({ key: `usage:${a.id}`, kind: 'usage_limit', at: a.updatedAt, agent: a });

/** A JSON reply for a stubbed fetch. */
export const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
