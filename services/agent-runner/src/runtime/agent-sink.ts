import type { Logger } from '@flywheel/kit';
import type { DriverSink } from './drivers/driver.ts';
import type { AgentRepo } from '../db/agent-repo.ts';
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
}

/** The pause reason of an agent stopped by the model API's rate or usage limit. */
export const USAGE_LIMIT = 'usage_limit';

/** Turns one agent's driver callbacks into stored, published lifecycle and events. */
export function createSink(deps: SinkDeps, agentId: string): DriverSink {
  const { state, agents } = deps;
  return {
    emit: (draft) => void deps.log.append(agentId, draft),
    usage(u) {
      const row = agents.get(agentId);
      deps.log.append(agentId, { type: 'usage', messageId: u.messageId, model: u.model, usage: u.usage, reportedCostUsd: u.reportedCostUsd });
      deps.log.usage({
        ...u,
        agentId,
        runnerId: deps.runnerId,
        accountId: row?.accountId ?? undefined,
        projectId: row?.projectId ?? undefined,
        provider: row?.driver === 'codex' ? 'openai' : 'anthropic',
        ts: new Date().toISOString(),
      });
    },
    activity: (a) => state.activity(agentId, a),
    ready(info) {
      if (info?.sessionId) agents.update(agentId, { sessionId: info.sessionId });
      if (state.row(agentId).state === 'initializing') state.tryMove(agentId, 'ready');
    },
    turnStarted() {
      if (state.row(agentId).state === 'ready') state.tryMove(agentId, 'executing');
    },
    turnEnded(info) {
      if (info?.error) deps.log.append(agentId, { type: 'error', error: { code: info.fatal ? 'UNAUTHORIZED' : 'INTERNAL', message: info.error } });
      if (info?.fatal) {
        state.tryMove(agentId, 'failed', { reason: info.error });
        return;
      }
      const cur = state.row(agentId).state;
      if (cur === 'executing' || cur === 'initializing') state.tryMove(agentId, 'ready');
    },
    usageLimited(info) {
      const row = state.row(agentId);
      if (row.state === 'paused' && row.pauseReason === USAGE_LIMIT) {
        agents.update(agentId, { resumeAt: info.resumeAt });
        return;
      }
      if (row.state === 'executing' || row.state === 'ready') state.tryMove(agentId, 'paused', { reason: info.message, pauseReason: USAGE_LIMIT, resumeAt: info.resumeAt });
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
    guard(req) {
      const row = agents.get(agentId);
      return deps.guard({
        agentId, tool: req.tool, input: req.input, toolCallId: req.toolCallId, cwd: row?.workingDirectory,
        accountId: row?.accountId ?? undefined, projectId: row?.projectId ?? undefined,
      });
    },
  };
}
