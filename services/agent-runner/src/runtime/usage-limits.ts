import { AppError, type AgentInfo } from '@flywheel/contracts';
import { providerFor } from '../domain/provider.ts';
import { resumeDelayMs } from '../domain/usage-limit.ts';
import type { AgentRecord } from '../domain/agent-record.ts';
import { USAGE_LIMIT } from './agent-sink.ts';
import { restartAgent } from './agent-lifecycle.ts';
import type { Ctx, RuntimeCore, UsageLimitOptions } from './runtime-deps.ts';
import type { UsageSettings } from './usage-settings.ts';

export type { UsageLimitOptions };

/**
 * What the runner does about an agent paused at a usage limit: wait for the reset (plus jitter, and a backoff when the
 * last resume met the limit again) and resume the same session, unless auto-resume is off for the agent or its project;
 * or rotate to the account's next BYOA profile and go on at once. A person can resume it now. While paused nothing is
 * sent: the CLI's own retries are its own, and with auto-resume off the runner interrupts them.
 */
export function createUsageLimits(d: RuntimeCore, o: UsageLimitOptions, settings?: UsageSettings) {
  const log = d.logger.child({ mod: 'usage-limits' });
  // Resumes in a row that met the limit again (the backoff), per agent; a turn that ends normally clears it.
  const tries = new Map<string, number>();
  // Agents whose CLI is not retrying: its turn ended at the limit, or the runner interrupted it.
  const idle = new Set<string>();
  const timers = new Map<string, NodeJS.Timeout>();
  const rotating = new Set<string>();

  const row = (agentId: string) => d.agents.get(agentId);
  const isLimited = (r: AgentRecord | undefined): boolean => r?.state === 'paused' && r.pauseReason === USAGE_LIMIT;
  const project = (r: AgentRecord) => (r.projectId && settings ? settings.get(r.projectId) : o.defaults);
  const autoResumeOf = (r: AgentRecord): boolean => r.autoResume ?? project(r).autoResume;

  function cancel(agentId: string): void {
    clearTimeout(timers.get(agentId));
    timers.delete(agentId);
  }

  /** Stops the CLI's own retrying (auto-resume off, or a person resumes now); nothing is in flight afterwards. */
  async function quiet(agentId: string): Promise<void> {
    if (idle.has(agentId)) return;
    await d.sessions.live
      .get(agentId)
      ?.interrupt()
      .catch((err: Error) => log.warn({ agentId, err: err.message }, 'interrupt at the usage limit failed'));
    idle.add(agentId);
  }

  /** The limited agent goes on in the same session: ready → executing with the continuation message. */
  async function goOn(agentId: string, reason: string): Promise<void> {
    cancel(agentId);
    await quiet(agentId);
    const session = d.sessions.get(agentId);
    if (!isLimited(row(agentId))) return;
    idle.delete(agentId);
    tries.set(agentId, (tries.get(agentId) ?? 0) + 1);
    d.state.move(agentId, 'ready', { reason, pauseReason: null });
    d.state.move(agentId, 'executing');
    await session.send(o.message).catch((err: Error) => {
      d.state.tryMove(agentId, 'ready', { reason: `resume failed: ${err.message}` });
    });
  }

  /** At resumeAt plus jitter (and the backoff after a failed resume), unless something else happened meanwhile. */
  function schedule(agentId: string): void {
    const r = row(agentId);
    if (!r || !isLimited(r) || !r.resumeAt || !idle.has(agentId) || timers.has(agentId) || !autoResumeOf(r)) return;
    const n = tries.get(agentId) ?? 0;
    const delay = resumeDelayMs({
      resumeAt: r.resumeAt,
      now: Date.now(),
      tries: n,
      backoffMs: o.backoffMs,
      maxBackoffMs: o.maxBackoffMs,
      jitterMs: o.jitterMs,
    });
    const resumeAt = r.resumeAt;
    const reason =
      n === 0 ? 'usage limit reset: resuming the session' : `usage limit reset: resuming the session (try ${n + 1}, after a backoff of ${delay.backoffMs} ms)`;
    timers.set(
      agentId,
      setTimeout(() => {
        timers.delete(agentId);
        const now = row(agentId);
        if (!now || !isLimited(now) || now.resumeAt !== resumeAt || !autoResumeOf(now) || !d.sessions.live.has(agentId)) return;
        goOn(agentId, reason).catch((err: Error) => log.warn({ agentId, err: err.message }, 'usage-limit resume failed'));
      }, delay.totalMs).unref(),
    );
  }

  /** The account's next BYOA profile, when rotation is on and the agent's session can be resumed under another process. */
  async function rotate(agentId: string): Promise<boolean> {
    const r = row(agentId);
    const provider = r && providerFor(r.driver, r.command);
    const driver = r && d.drivers[r.driver as AgentInfo['driver']];
    if (!r || !isLimited(r) || !project(r).rotateProfiles || !d.profiles || !provider || !r.accountId || !r.profileId || !r.sessionId || !driver?.resumable)
      return false;
    if (rotating.has(agentId)) return true;
    rotating.add(agentId);
    try {
      const next = await d.profiles.rotate({ agentId, accountId: r.accountId, provider, fromProfileId: r.profileId, reason: r.stateReason ?? 'usage limit' });
      if (!next || next.profileId === r.profileId || !isLimited(row(agentId))) return false;
      const why = `usage limit on profile ${r.profileId}: rotated to profile ${next.profileId}`;
      await d.commands.run(
        agentId,
        'rotate_profile',
        { actor: 'runner' },
        async () => {
          cancel(agentId);
          idle.delete(agentId);
          d.agents.update(agentId, { profileId: next.profileId });
          await restartAgent(d, agentId, { sessionId: r.sessionId! }, why);
          d.state.move(agentId, 'executing');
          await d.sessions.get(agentId).send(o.message);
        },
        why,
      );
      log.info({ agentId, from: r.profileId, to: next.profileId }, 'rotated to the next provider profile at a usage limit');
      return true;
    } finally {
      rotating.delete(agentId);
    }
  }

  /** What to do about one limited agent now: rotate, wait for the reset, or (auto-resume off) keep it quiet. */
  function consider(agentId: string, fresh: boolean): void {
    const r = row(agentId);
    if (!r || !isLimited(r)) return;
    if (!autoResumeOf(r)) {
      cancel(agentId);
      void quiet(agentId);
      return;
    }
    if (!fresh) return schedule(agentId);
    rotate(agentId)
      .then((rotated) => rotated || schedule(agentId))
      .catch((err: Error) => {
        log.warn({ agentId, err: err.message }, 'profile rotation failed; waiting for the reset');
        schedule(agentId);
      });
  }

  d.sessions.setLimitHooks({
    limited(agentId, { fresh }) {
      if (fresh) idle.delete(agentId);
      consider(agentId, fresh);
    },
    gaveUp(agentId) {
      idle.add(agentId);
      consider(agentId, false);
    },
    turnDone(agentId) {
      if (row(agentId)?.state === 'ready') tries.delete(agentId);
    },
  });
  settings?.onChange((projectId) => {
    for (const r of d.agents.live()) if (r.projectId === projectId && isLimited(r)) consider(r.id, false);
  });

  return {
    /** A person resumes a limited agent now (409 unless it is paused at a usage limit). */
    resumeNow(agentId: string, ctx: Ctx) {
      return d.commands.run(agentId, 'resume', ctx, async () => {
        const r: AgentRecord = d.state.row(agentId);
        if (!isLimited(r)) throw new AppError('CONFLICT', `agent ${agentId} is not paused at a usage limit`, { state: r.state, pauseReason: r.pauseReason });
        tries.delete(agentId);
        await goOn(agentId, `resumed by ${ctx.actor ?? 'an operator'} before the usage limit reset`);
      });
    },
    /** The agent's own auto-resume setting (null: its project's); a state event says so, and a limited agent acts on it at once. */
    async setAutoResume(agentId: string, enabled: boolean | null, ctx: Ctx): Promise<void> {
      const text = enabled === null ? 'project default' : enabled ? 'on' : 'off';
      await d.commands.run(
        agentId,
        'auto_resume',
        ctx,
        async () => {
          const r = d.state.row(agentId);
          d.agents.update(agentId, { autoResume: enabled });
          d.state.announce(agentId, `auto-resume ${text}${ctx.actor ? ` (by ${ctx.actor})` : ''}`);
          if (isLimited(r)) consider(agentId, false);
        },
        text,
      );
    },
    /** Timers go with the runner. */
    stop(): void {
      for (const id of [...timers.keys()]) cancel(id);
    },
  };
}
export type UsageLimits = ReturnType<typeof createUsageLimits>;
