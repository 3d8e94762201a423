import { z } from 'zod';
import { Id, IsoTime } from './ids.ts';
import { defineRpc } from './descriptors.ts';

/**
 * What the runners do when a project's agent meets a usage limit (docs/agents.md, "Usage limits"): resume it by itself
 * at the reset (`autoResume`), and rotate to the account's next provider profile instead of waiting (`rotateProfiles`).
 * Fleet-wide: kept in one NATS KV bucket every runner watches.
 */
export const UsageLimitSettings = z.object({
  projectId: Id,
  autoResume: z.boolean(),
  rotateProfiles: z.boolean(),
  updatedAt: IsoTime.optional(),
  updatedBy: z.string().max(200).optional(),
});
export type UsageLimitSettings = z.infer<typeof UsageLimitSettings>;

export const UsageLimitSettingsUpdate = z
  .object({ autoResume: z.boolean().optional(), rotateProfiles: z.boolean().optional() })
  .refine((u) => u.autoResume !== undefined || u.rotateProfiles !== undefined, 'needs autoResume or rotateProfiles');
export type UsageLimitSettingsUpdate = z.infer<typeof UsageLimitSettingsUpdate>;

/** PUT /agents/:id/auto-resume: the agent's own setting; `null` follows its project's. */
export const AutoResumeRequest = z.object({ enabled: z.boolean().nullable() });
export type AutoResumeRequest = z.infer<typeof AutoResumeRequest>;

/** Project settings; any runner answers (the queue group), all of them read the same bucket. */
export const usageLimitRpcs = {
  get: defineRpc({ subject: 'svc.agent-runner.usage-limits.get', request: z.object({ projectId: Id }), reply: UsageLimitSettings, timeoutMs: 5000 }),
  put: defineRpc({
    subject: 'svc.agent-runner.usage-limits.put',
    request: z.object({ projectId: Id, actor: z.string().max(200).optional(), autoResume: z.boolean().optional(), rotateProfiles: z.boolean().optional() }),
    reply: UsageLimitSettings,
    timeoutMs: 5000,
  }),
};
