import { query, type CanUseTool, type SDKMessage, type SDKUserMessage } from '@anthropic-ai/claude-agent-sdk';
import { guardRpc } from '@flywheel/contracts';
import { request, type NatsConnection } from '@flywheel/kit';

/** What the agent-runner's sdk driver does in canUseTool: ask svc.safety.guard, deny with its reason. */
export function guardedCanUseTool(nc: NatsConnection, agentId: string, cwd: string): CanUseTool {
  return async (tool, input, o) => {
    const r = await request(nc, guardRpc, { agentId, tool, input, cwd, toolCallId: (o as { toolUseID?: string }).toolUseID }, { timeoutMs: 30_000 });
    return r.decision === 'allow' ? { behavior: 'allow', updatedInput: input } : { behavior: 'deny', message: r.reason ?? 'denied by the safety guard' };
  };
}

/** One prompt through the real Agent SDK (streaming input, so canUseTool is consulted) until the result message. */
export async function runSdkAgent(opts: {
  prompt: string;
  cwd: string;
  env: Record<string, string>;
  model: string;
  canUseTool: CanUseTool;
}): Promise<SDKMessage[]> {
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  async function* input(): AsyncGenerator<SDKUserMessage> {
    yield { type: 'user', message: { role: 'user', content: opts.prompt }, parent_tool_use_id: null } as SDKUserMessage;
    await finished;
  }
  const q = query({ prompt: input(), options: { cwd: opts.cwd, env: opts.env, model: opts.model, permissionMode: 'default', canUseTool: opts.canUseTool } });
  const messages: SDKMessage[] = [];
  try {
    for await (const m of q) {
      messages.push(m);
      if (m.type === 'result') break;
    }
  } finally {
    finish();
    q.close();
  }
  return messages;
}
