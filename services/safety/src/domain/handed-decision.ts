import type { DcgDecision, HookAllow } from '@flywheel/contracts';

/** A hook call the gateway allowed itself, recorded as the guard records an engine allow (the command arrives redacted). */
export function handedDecision(m: HookAllow): DcgDecision {
  const rec: DcgDecision = {
    id: m.id,
    ts: m.ts,
    source: 'hook',
    decision: 'allow',
    durationUs: m.durationUs,
    agentId: m.agentId,
    tool: m.tool,
    command: m.command,
  };
  if (m.accountId !== undefined) rec.accountId = m.accountId;
  return rec;
}
