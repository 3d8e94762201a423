import { AgentEvent, DcgEvent, dcgEventMayDeny, streamNameForFamily, SystemAlert, TaskEvent } from '@flywheel/contracts';
import { consumeDurable, type Logger, type NatsConnection } from '@flywheel/kit';
import { agentSignals, autopilotSignals, budgetSignals, createSpikeCounter, exceptionSignals, type Signal } from '../domain/alert-signals.ts';
import type { AlertEngine } from './alert-engine.ts';
import type { AgentOwners } from './agent-owners.ts';
import type { OpsSettings } from './ops-settings.ts';

export interface AlertWatchDeps {
  nc: NatsConnection;
  engine: AlertEngine;
  settings: OpsSettings;
  owners: AgentOwners;
  logger: Logger;
}

/**
 * The leader's event rules: agent state, guard decisions and exceptions, and cost's budget alerts, each from a
 * durable consumer shared by the gateway instances (whoever leads resumes where the last leader acked).
 * New consumers start at the next event: a first boot does not alert on history.
 */
export function startAlertWatch(d: AlertWatchDeps) {
  const apply = (signals: Signal[]) => {
    for (const s of signals) {
      if (s.kind === 'fire') d.engine.fire(s.trigger);
      else d.engine.resolve(s.rule, s.subject, s.at);
    }
  };
  const spikes = createSpikeCounter();
  const common = { logger: d.logger, deliverNew: true };
  const consumers = [
    consumeDurable(d.nc, {
      ...common,
      stream: streamNameForFamily('agent:state'),
      durable: 'gateway-alerts-agents',
      filterSubject: 'agent.state.*',
      schema: AgentEvent,
      handler: async (e) => {
        if (e.type !== 'state') return;
        if (e.accountId) d.owners.learn(e.agentId, e.accountId);
        apply(agentSignals(e, e.accountId ?? (await d.owners.of(e.agentId))));
      },
    }),
    consumeDurable(d.nc, {
      ...common,
      stream: streamNameForFamily('system:dcg'),
      durable: 'gateway-alerts-dcg',
      filterSubject: 'system.dcg',
      schema: DcgEvent,
      // Allows (nearly every event) are acked in batches unparsed: only denials and exceptions feed a rule.
      wants: dcgEventMayDeny,
      handler: async (e) => {
        if (e.type === 'exception') return apply(exceptionSignals(e, await d.owners.of(e.exception.agentId)));
        if (e.decision.decision !== 'deny') return;
        const cfg = d.settings.rule('guard_block_spike');
        const who = e.decision.agentId ?? 'unattributed';
        if (!spikes.hit(who, Date.parse(e.decision.ts), cfg.threshold ?? 5, (cfg.windowS ?? 60) * 1000)) return;
        const accountId = await d.owners.of(e.decision.agentId);
        d.engine.fire({
          rule: 'guard_block_spike',
          subject: e.decision.agentId ? { kind: 'agent', id: who } : { kind: 'global', id: 'guard' },
          at: e.decision.ts,
          key: e.decision.id,
          ...(accountId ? { accountId } : {}),
          title: `The guard denied ${cfg.threshold ?? 5} commands${e.decision.agentId ? ` of agent ${who}` : ''} within ${cfg.windowS ?? 60}s`,
          details: { agentId: e.decision.agentId, lastCommand: e.decision.command, lastRule: e.decision.ruleId },
        });
      },
    }),
    consumeDurable(d.nc, {
      ...common,
      stream: streamNameForFamily('system:alerts'),
      durable: 'gateway-alerts-budgets',
      filterSubject: 'system.alerts',
      schema: SystemAlert,
      handler: (e) => {
        if (e.source === 'cost') apply(budgetSignals(e, d.settings.rule('budget').threshold ?? 0));
      },
    }),
    consumeDurable(d.nc, {
      ...common,
      stream: streamNameForFamily('workspace:tasks'),
      durable: 'gateway-alerts-autopilot',
      filterSubject: 'workspace.tasks.*',
      schema: TaskEvent,
      handler: (e) => {
        if (e.type === 'autopilot') apply(autopilotSignals(e, new Date().toISOString()));
      },
    }),
  ];
  return { stop: () => Promise.all(consumers.map((c) => c.stop())).then(() => undefined) };
}
