import { detectFormat, denyOutput, hookAgentId, HookInput } from './hook-io.ts';
import type { HookEnv } from './hook-env.ts';

export interface HookResult {
  /** JSON for stdout, or '' for allow. */
  stdout: string;
  /** A note for stderr (Claude Code shows it in verbose mode only). */
  stderr: string;
}

async function ask(env: HookEnv, input: HookInput) {
  const req = {
    agentId: hookAgentId(env.agentId, input.session_id),
    accountId: env.accountId,
    projectId: env.projectId,
    isolationRoot: env.isolationRoot,
    tool: input.tool_name,
    input: input.tool_input,
    cwd: input.cwd,
    wait: false,
    source: 'hook' as const,
  };
  const { askService } = await import('./remote.ts');
  const reply = await askService(env.natsUrl, req, env.timeoutMs, env.namespace);
  return reply === 'unsupported' ? (await import('./remote-nats.ts')).askServiceWithClient(env.natsUrl, req, env.timeoutMs, env.namespace) : reply;
}

async function judge(env: HookEnv, input: HookInput): Promise<{ deny: boolean; reason: string }> {
  if (!env.localOnly) {
    const reply = await ask(env, input);
    if (reply) return { deny: reply.decision === 'deny', reason: reply.reason ?? 'Denied by the Flywheel safety guard.' };
  }
  const { localDecision } = await import('./local.ts');
  const d = localDecision(env.local, input.tool_name, input.tool_input, input.cwd);
  const deny = d.decision === 'deny' || d.decision === 'ask';
  const why = env.localOnly && !env.serviceTried ? 'checked locally' : 'checked locally; the Flywheel safety service was not reachable';
  return { deny, reason: `${d.reason ?? ''}${d.safeAlternative ? ` Safer: ${d.safeAlternative}.` : ''} [${d.ruleId}] (${why})`.trim() };
}

/** One hook call: stdin text in, what to print out. Never throws: errors follow the fail mode. */
export async function runHook(env: HookEnv, stdin: string): Promise<HookResult> {
  let format = env.format === undefined ? 'claude' : env.format;
  try {
    const input = HookInput.parse(JSON.parse(stdin));
    format = detectFormat(env.format, input);
    const verdict = await judge(env, input);
    return verdict.deny ? { stdout: denyOutput(detectFormat(format, input), verdict.reason), stderr: '' } : { stdout: '', stderr: '' };
  } catch (err) {
    const msg = `flywheel-guard: could not evaluate the tool call (${(err as Error).message.split('\n')[0]})`;
    if (env.local.failMode === 'closed') return { stdout: denyOutput(detectFormat(format, {}), `${msg}; denied because the guard fails closed`), stderr: msg };
    return { stdout: '', stderr: `${msg}; allowed because the guard fails open\n` };
  }
}
