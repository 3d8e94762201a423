import { AppError, type AgentActivity, type AgentState } from '@flywheel/contracts';
import type { Logger } from '@flywheel/kit';
import { assertTransition } from '../domain/lifecycle.ts';
import { attentionOf, type AgentRecord } from '../domain/agent-record.ts';
import type { AgentRepo } from '../db/agent-repo.ts';
import type { EventLog } from './event-log.ts';

export interface MoveOptions {
  reason?: string;
  activity?: AgentActivity;
  /** Set on a move to paused; null clears it (and resumeAt) when the pause ends. */
  pauseReason?: string | null;
  resumeAt?: string | null;
}

/** The only writer of an agent's lifecycle state: validates, stores, then announces each change. */
/** `onEnd` hears every agent that reaches terminated or failed (its credential is revoked then). */
export function createAgentState(deps: { agents: AgentRepo; log: EventLog; logger: Logger; onEnd?: (agentId: string) => void }) {
  const row = (id: string): AgentRecord => {
    const r = deps.agents.get(id);
    if (!r) throw new AppError('NOT_FOUND', `no agent ${id}`);
    return r;
  };
  return {
    row,
    /** Throws CONFLICT for an illegal move; nothing is stored then. */
    move(id: string, to: AgentState, opts: MoveOptions = {}): AgentRecord {
      const cur = row(id);
      const from = cur.state as AgentState;
      assertTransition(id, from, to);
      const activity = opts.activity ?? (to === 'executing' ? 'thinking' : to === 'ready' || to === 'paused' ? 'idle' : (cur.activity as AgentActivity));
      const patch: Partial<AgentRecord> = { state: to, activity, stateReason: opts.reason ?? null, updatedAt: new Date().toISOString() };
      if (opts.pauseReason !== undefined) patch.pauseReason = opts.pauseReason;
      if (opts.resumeAt !== undefined || opts.pauseReason === null) patch.resumeAt = opts.resumeAt ?? null;
      // A new turn answers the question and leaves the last turn's error behind.
      if (to === 'executing' && (cur.attentionFlag === 'input' || cur.attentionFlag === 'error')) patch.attentionFlag = null;
      deps.agents.update(id, patch);
      const paused = to === 'paused' ? { pauseReason: opts.pauseReason ?? undefined, resumeAt: opts.resumeAt ?? undefined } : {};
      deps.log.append(id, { type: 'state', from, to, activity, reason: opts.reason, attention: attentionOf({ ...cur, ...patch }), ...paused });
      if (to === 'terminated' || to === 'failed') deps.onEnd?.(id);
      return { ...cur, ...patch };
    },
    /** Like move, but a no-op (logged) when the transition is illegal: for driver callbacks racing commands. */
    tryMove(id: string, to: AgentState, opts: MoveOptions = {}): boolean {
      try {
        this.move(id, to, opts);
        return true;
      } catch (err) {
        deps.logger.debug({ agentId: id, to, err: (err as Error).message }, 'transition skipped');
        return false;
      }
    },
    activity(id: string, activity: AgentActivity): void {
      const cur = deps.agents.get(id);
      if (!cur || cur.activity === activity) return;
      deps.agents.update(id, { activity, updatedAt: new Date().toISOString() });
      deps.log.append(id, { type: 'state', to: cur.state as AgentState, activity, attention: attentionOf({ ...cur, activity }) });
    },
    /** A state event without a transition, saying something about the agent's state (e.g. its auto-resume setting changed). */
    announce(id: string, reason: string): void {
      const cur = row(id);
      const paused = cur.state === 'paused' ? { pauseReason: cur.pauseReason ?? undefined, resumeAt: cur.resumeAt ?? undefined } : {};
      deps.log.append(id, {
        type: 'state',
        to: cur.state as AgentState,
        activity: cur.activity as AgentActivity,
        reason,
        attention: attentionOf(cur),
        ...paused,
      });
    },
    /** Sets (or clears) what the agent waits for from a person; a change of its attention is a state event. */
    flag(id: string, flag: 'approval' | 'input' | 'error' | null): void {
      const cur = deps.agents.get(id);
      if (!cur || cur.attentionFlag === flag) return;
      deps.agents.update(id, { attentionFlag: flag });
      const [before, after] = [attentionOf(cur), attentionOf({ ...cur, attentionFlag: flag })];
      if (before !== after) deps.log.append(id, { type: 'state', to: cur.state as AgentState, activity: cur.activity as AgentActivity, attention: after });
    },
  };
}
export type AgentStateWriter = ReturnType<typeof createAgentState>;
