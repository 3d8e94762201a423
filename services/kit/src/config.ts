import { z } from 'zod';
import { DEFAULT_NAMESPACE, NAMESPACE_PATTERN } from '@flywheel/contracts';

/** Settings every service shares; each service extends this with its own keys. */
export const BaseConfig = z.object({
  NATS_URL: z.string().default('nats://127.0.0.1:4222').describe('NATS server URL(s), comma-separated'),
  FLYWHEEL_NAMESPACE: z
    .string()
    .regex(NAMESPACE_PATTERN, 'lower-case letters, digits, _ or -, at most 32')
    .default(DEFAULT_NAMESPACE)
    .describe('Prefix of every NATS subject and JetStream stream of this deployment; two deployments on one NATS server need different ones'),
  DATA_DIR: z.string().default('./data').describe('Folder for SQLite files (one per service)'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0).describe('Expose /metrics on this port (0 = only over NATS)'),
  INSTANCE_ID: z.string().optional().describe('Instance name for logs and health; defaults to host-pid'),
  STREAM_REPLICAS: z.coerce
    .number()
    .int()
    .min(1)
    .max(5)
    .default(1)
    .describe('JetStream replicas for streams this service ensures (3 on the production cluster)'),
});
export type BaseConfig = z.infer<typeof BaseConfig>;

/** A comma-separated env value as a list of trimmed, non-empty items (unset → []). */
export const envList = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

export class ConfigError extends Error {
  constructor(
    readonly variables: string[],
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses env with a zod object; throws ConfigError naming every bad variable. */
export function loadConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  // Empty strings mean "unset" so `PORT= npm start` falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const r = schema.safeParse(cleaned);
  if (r.success) return r.data;
  const vars = [...new Set(r.error.issues.map((i) => String(i.path[0] ?? '?')))];
  const lines = r.error.issues.map((i) => `  ${i.path.join('.')}=${JSON.stringify(env[String(i.path[0])] ?? '')}: ${i.message}`);
  throw new ConfigError(vars, `invalid configuration:\n${lines.join('\n')}`);
}

/** Rows for the README's env table: name, default, description. */
export function describeConfig(schema: z.ZodObject): { name: string; default?: unknown; description?: string }[] {
  return Object.entries(schema.shape).map(([name, s]) => {
    const t = s as z.ZodType;
    return { name, default: defaultOf(t), description: t.description };
  });
}

/** The default of a key, also behind transforms (`z.string().default('').transform(...)`). */
function defaultOf(t: z.ZodType): unknown {
  if (t instanceof z.ZodDefault) return t.def.defaultValue as unknown;
  if (t instanceof z.ZodPipe) return defaultOf(t.in as z.ZodType);
  return undefined;
}
