import { z } from 'zod';
import { Id } from '../ids.ts';
import { AgentInfo, AgentState } from '../agent.ts';
import { AutoResumeRequest, UsageLimitSettings, UsageLimitSettingsUpdate } from '../usage-limits.ts';
import { AgentParams } from './agents.ts';
import { routesOf } from './route.ts';

const route = routesOf('usageLimits');
const ProjectParams = z.object({ projectId: Id });

/** Usage limits: resume a limited agent now, and whether agents resume (or rotate profiles) by themselves (docs/agents.md). */
export const usageLimitRoutes = {
  resume: route({
    method: 'POST',
    path: '/api/v1/agents/:id/resume',
    summary: 'Resume an agent paused at a usage limit now (the same session gets the continuation message)',
    access: 'operator',
    params: AgentParams,
    reply: z.object({ commandId: z.string(), state: AgentState }),
    status: 202,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  autoResume: route({
    method: 'PUT',
    path: '/api/v1/agents/:id/auto-resume',
    summary: "Whether the agent resumes by itself when its usage limit resets (null: its project's setting)",
    access: 'operator',
    params: AgentParams,
    body: AutoResumeRequest,
    reply: AgentInfo,
    errors: ['NOT_FOUND'],
  }),
  projectGet: route({
    method: 'GET',
    path: '/api/v1/projects/:projectId/usage-limits',
    summary: "A project's usage-limit settings (auto-resume, profile rotation)",
    access: 'viewer',
    params: ProjectParams,
    reply: UsageLimitSettings,
  }),
  projectPut: route({
    method: 'PUT',
    path: '/api/v1/projects/:projectId/usage-limits',
    summary: "Set a project's usage-limit settings (auto-resume, profile rotation); admin: a project spans accounts",
    access: 'admin',
    params: ProjectParams,
    body: UsageLimitSettingsUpdate,
    reply: UsageLimitSettings,
  }),
} as const;
