import type { Logger } from '@flywheel/kit';
import type { DriverSink } from './drivers/driver.ts';
import type { AgentRepo } from '../db/agent-repo.ts';
import { isolationRootOf } from '../domain/agent-record.ts';
import type { AgentStateWriter } from './agent-state.ts';
import type { EventLog } from './event-log.ts';
import type { GuardCall } from './guard.ts';

export interface SinkDeps {
  runnerId: string;
  agents: AgentRepo;
  state: AgentStateWriter;
  log: EventLog;
  guard: GuardCall;
  logger: Logger;
  checkpointEveryMessages: number;
  autoCheckpoint(agentId: string): void;
  onExit(agentId: string): void;
  /** Default APPROVAL_AFTER_MS. */
  approvalAfterMs?: number;
}

/** The pause reason of an agent stopped by the model API's rate or usage limit. */
export const USAGE_LIMIT = 'usage_limit';

/** A guard call unanswered this long is waiting for a person (the guard answers a plain check in milliseconds). */
export const APPROVAL_AFTER_MS = 500;

/** Turns one agent's driver callbacks into stored, published lifecycle and events. */
export function createSink(deps: SinkDeps, agentId: string): DriverSink {
  const { state, agents } = deps;
  // The turn's last assistant text: a turn that ends on a question waits for input.
  let lastText = '';
  return {
    emit(draft) {
      if (draft.type === 'output' && draft.stream === 'assistant' && draft.text.trim()) lastText = draft.text;
      deps.log.append(agentId, draft);
    },
    usage(u) {
      const row = agents.get(agentId);
      deps.log.append(agentId, { type: 'usage', messageId: u.messageId, model: u.model, usage: u.usage, reportedCostUsd: u.reportedCostUsd });
      deps.log.usage({
        ...u,
        agentId,
        runnerId: deps.runnerId,
        accountId: row?.accountId ?? undefined,
        projectId: row?.projectId ?? undefined,
        provider: u.provider ?? (row?.driver === 'codex' ? 'openai' : 'anthropic'),
        ts: new Date().toISOString(),
      });
    },
    activity: (a) => state.activity(agentId, a),
    ready(info) {
      if (info?.sessionId) agents.update(agentId, { sessionId: info.sessionId });
      if (state.row(agentId).state === 'initializing') state.tryMove(agentId, 'ready');
    },
    turnStarted() {
      lastText = '';
      if (state.row(agentId).state === 'ready') state.tryMove(agentId, 'executing');
    },
    turnEnded(info) {
      if (info?.error) deps.log.append(agentId, { type: 'error', error: { code: info.fatal ? 'UNAUTHORIZED' : 'INTERNAL', message: info.error } });
      if (info?.fatal) {
        state.tryMove(agentId, 'failed', { reason: info.error });
        return;
      }
      // Set before the move, so the move's state event carries it.
      if (info?.error) state.flag(agentId, 'error');
      else if (lastText.trim().endsWith('?')) state.flag(agentId, 'input');
      lastText = '';
      const cur = state.row(agentId).state;
      if (cur === 'executing' || cur === 'initializing') state.tryMove(agentId, 'ready');
    },
    usageLimited(info) {
      const row = state.row(agentId);
      if (row.state === 'paused' && row.pauseReason === USAGE_LIMIT) {
        agents.update(agentId, { resumeAt: info.resumeAt });
        return;
      }
      if (row.state === 'executing' || row.state === 'ready')
        state.tryMove(agentId, 'paused', { reason: info.message, pauseReason: USAGE_LIMIT, resumeAt: info.resumeAt });
    },
    usageLimitLifted() {
      const row = state.row(agentId);
      if (row.state !== 'paused' || row.pauseReason !== USAGE_LIMIT) return;
      if (state.tryMove(agentId, 'ready', { reason: 'usage limit lifted', pauseReason: null })) state.tryMove(agentId, 'executing');
    },
    progress(info) {
      const row = state.row(agentId);
      const messageCount = row.messageCount + (info.modelMessage ? 1 : 0);
      agents.update(agentId, {
        sessionId: info.sessionId ?? row.sessionId,
        lastMessageUuid: info.messageUuid ?? row.lastMessageUuid,
        messageCount,
      });
      const every = deps.checkpointEveryMessages;
      if (info.modelMessage && every > 0 && messageCount % every === 0) deps.autoCheckpoint(agentId);
    },
    exited(info) {
      deps.onExit(agentId);
      const cur = state.row(agentId).state;
      if (cur === 'terminating') state.tryMove(agentId, 'terminated', { reason: 'terminated on request' });
      else if (cur !== 'terminated' && cur !== 'failed') {
        const why = info.reason ?? `process exited (code ${info.code}, signal ${info.signal})`;
        state.tryMove(agentId, 'failed', { reason: why });
      }
      agents.update(agentId, { pid: null });
    },
    async guard(req) {
      const row = agents.get(agentId);
      // A guarded call the guard holds (an `ask` rule waits for a person) shows as attention: approval until answered.
      let waiting = false;
      const timer = setTimeout(() => {
        waiting = true;
        state.flag(agentId, 'approval');
      }, deps.approvalAfterMs ?? APPROVAL_AFTER_MS);
      try {
        return await deps.guard({
          agentId,
          tool: req.tool,
          input: req.input,
          toolCallId: req.toolCallId,
          cwd: row?.workingDirectory,
          accountId: row?.accountId ?? undefined,
          projectId: row?.projectId ?? undefined,
          profileId: row?.profileId ?? undefined,
          isolationRoot: isolationRootOf(row),
        });
      } finally {
        clearTimeout(timer);
        if (waiting && agents.get(agentId)?.attentionFlag === 'approval') state.flag(agentId, null);
      }
    },
  };
}
