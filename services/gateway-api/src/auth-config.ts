import { z } from 'zod';

/** Gateway settings for API keys and ws tokens (merged into the gateway's config schema). */
export const AuthConfig = z.object({
  FLYWHEEL_ADMIN_KEY: z.string().min(16).max(512).optional().describe('An admin API key to accept; unset = create one on first boot in DATA_DIR/admin.key'),
  FLYWHEEL_ADMIN_ACCOUNT: z.string().min(1).max(100).default('admin').describe('Account id of the bootstrap admin key'),
  FLYWHEEL_SECRETS_KEY: z
    .string()
    .min(32)
    .max(1024)
    .optional()
    .describe('Encrypts provider profiles (BYOA) at rest; required once any profile exists (32+ characters, keep it secret and stable)'),
  WS_TOKEN_TTL_S: z.coerce.number().int().min(10).max(3600).default(300).describe('Lifetime of tokens from POST /api/v1/ws/token'),
});
export type AuthConfig = z.infer<typeof AuthConfig>;
