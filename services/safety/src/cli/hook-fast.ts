/**
 * The hook's hot path, bundled on its own (zod/mini + a raw NATS request, ≈40 KB): ask the running
 * service and print its answer. Anything else (service down, TLS/auth, bad input) falls back to the
 * full CLI, told whether the service was already tried so a down service costs one timeout, not two.
 */
import { parseArgs } from 'node:util';
import { denyOutput, detectFormat, hookAgentId, HookInput } from './hook-io.ts';
import { hookEnv, type HookFlags } from './hook-env.ts';
import { askService } from './remote.ts';
import type { HookResult } from './hook.ts';

export type FastOutcome = { done: HookResult } | { fallback: { serviceTried: boolean } };

export async function serviceHook(argv: string[], env: Record<string, string | undefined>, stdin: string): Promise<FastOutcome> {
  const { values } = parseArgs({
    args: argv,
    strict: false,
    options: { format: { type: 'string' }, nats: { type: 'string' }, namespace: { type: 'string' }, local: { type: 'boolean' } },
  });
  const he = hookEnv(values as HookFlags, env);
  if (he.localOnly) return { fallback: { serviceTried: false } };
  let input: HookInput;
  try {
    input = HookInput.parse(JSON.parse(stdin));
  } catch {
    return { fallback: { serviceTried: false } };
  }
  const reply = await askService(
    he.natsUrl,
    {
      agentId: hookAgentId(he.agentId, input.session_id),
      accountId: he.accountId,
      projectId: he.projectId,
      isolationRoot: he.isolationRoot,
      tool: input.tool_name,
      input: input.tool_input,
      cwd: input.cwd,
      wait: false,
      source: 'hook',
    },
    he.timeoutMs,
    he.namespace,
  );
  if (reply === 'unsupported') return { fallback: { serviceTried: false } };
  if (!reply) return { fallback: { serviceTried: true } };
  const format = detectFormat(he.format, input);
  return {
    done:
      reply.decision === 'deny'
        ? { stdout: denyOutput(format, reply.reason ?? 'Denied by the Flywheel safety guard.'), stderr: '' }
        : { stdout: '', stderr: '' },
  };
}
