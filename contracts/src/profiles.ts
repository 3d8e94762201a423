import { z } from 'zod';
import { IsoTime } from './ids.ts';
import { defineRpc } from './descriptors.ts';
import { AccountId } from './auth-keys.ts';

export const Provider = z.enum(['anthropic', 'openai', 'google']);
export type Provider = z.infer<typeof Provider>;

const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'must be an environment variable name');

/** A provider profile as the API shows it: the names of its variables, never their values. */
export const ProviderProfile = z.object({
  id: z.string(),
  accountId: z.string(),
  provider: Provider,
  name: z.string(),
  envKeys: z.array(z.string()),
  /** Lower goes first; rotation moves to the next active profile of the provider. */
  priority: z.number().int(),
  active: z.boolean(),
  createdAt: IsoTime,
  createdBy: z.string().optional(),
  /** Set when an agent hit a rate limit on it: skipped by rotation until then. */
  coolingUntil: IsoTime.optional(),
});
export type ProviderProfile = z.infer<typeof ProviderProfile>;

export const NewProfile = z.object({
  /** Admins may create a profile for another account; the caller's account otherwise. */
  accountId: AccountId.optional(),
  provider: Provider,
  name: z.string().trim().min(1).max(100),
  env: z
    .record(
      EnvName,
      z
        .string()
        .min(1)
        .max(10_000)
        .refine((v) => !v.includes('\0'), 'must not contain NUL bytes'),
    )
    .refine((e) => Object.keys(e).length > 0 && Object.keys(e).length <= 20, 'needs 1 to 20 variables'),
  priority: z.number().int().min(0).max(1000).default(100),
});
export type NewProfile = z.infer<typeof NewProfile>;

export const ProfileUpdate = z.object({
  active: z.boolean().optional(),
  priority: z.number().int().min(0).max(1000).optional(),
  name: z.string().trim().min(1).max(100).optional(),
});

/** A switch from one profile to the next because an agent reported a rate limit. */
export const ProfileRotation = z.object({
  id: z.string(),
  accountId: z.string(),
  agentId: z.string(),
  provider: Provider,
  fromProfileId: z.string().optional(),
  toProfileId: z.string().optional(),
  reason: z.string(),
  at: IsoTime,
});
export type ProfileRotation = z.infer<typeof ProfileRotation>;

const AgentRef = { agentId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), accountId: z.string().min(1).max(100) };
const ProfileEnv = z.object({ profileId: z.string(), provider: Provider, env: z.record(z.string(), z.string()) }).nullable();

/** Served by the gateway; asked by the agent-runner when it starts an agent process, so secrets are never stored with the agent. */
export const profileRpcs = {
  env: defineRpc({
    subject: 'svc.gateway-api.profiles.env',
    request: z.object({ ...AgentRef, provider: Provider, profileId: z.string().max(100).optional() }),
    reply: ProfileEnv,
    timeoutMs: 2000,
  }),
  rotate: defineRpc({
    subject: 'svc.gateway-api.profiles.rotate',
    request: z.object({
      ...AgentRef,
      provider: Provider,
      fromProfileId: z.string().max(100).optional(),
      reason: z.string().max(500),
      coolForS: z
        .number()
        .int()
        .min(0)
        .max(7 * 86_400)
        .default(3600),
    }),
    reply: ProfileEnv,
    timeoutMs: 2000,
  }),
};
