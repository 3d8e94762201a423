import {
  conflictEvent,
  handoffEvent,
  messageEvent,
  newId,
  reservationEvent,
  taskEvent,
  type AutopilotEvent,
  type Task,
  type TaskEvent,
  type Conflict,
  type ConflictEvent,
  type Handoff,
  type HandoffPhase,
  type Message,
  type MessageEvent,
  type Reservation,
  type ReservationEvent,
  type ReservationHolder,
} from '@flywheel/contracts';
import type { DurablePublisher, Logger } from '@flywheel/kit';

/**
 * Durable events on `workspace.<family>.<projectId>`, each with its own Nats-Msg-Id (the publisher retries
 * until acked) and the owning account in `x-account-id`.
 */
export function createEvents(durable: DurablePublisher, logger: Logger) {
  const log = logger.child({ mod: 'events' });
  const send = <P>(event: { subject: string } & Parameters<DurablePublisher['publish']>[0], projectId: string, payload: P, accountId?: string) =>
    void durable
      .publish(event, [projectId], payload, newId('evt', 12), { accountId })
      .catch((err: Error) => log.warn({ err: err.message, subject: event.subject }, 'event not published'));
  return {
    reservation(type: ReservationEvent['type'], r: Reservation, conflicts?: ReservationHolder[]): void {
      send(reservationEvent, r.projectId, { type, reservation: r, ...(conflicts?.length ? { conflicts } : {}) }, r.accountId);
    },
    conflict(type: ConflictEvent['type'], c: Conflict): void {
      send(conflictEvent, c.projectId, { type, conflict: c }, c.accountId);
    },
    handoff(type: HandoffPhase, h: Handoff): void {
      send(handoffEvent, h.projectId, { type, handoff: h }, h.accountId);
    },
    message(type: MessageEvent['type'], m: Message, agentId?: string): void {
      send(messageEvent, m.projectId, { type, message: m, ...(agentId ? { agentId } : {}) }, m.accountId);
    },
    autopilot(e: Omit<AutopilotEvent, 'type'>, accountId?: string): void {
      send(taskEvent, e.projectId, { type: 'autopilot', ...e }, accountId);
    },
    task(type: Exclude<TaskEvent['type'], 'autopilot'>, t: Task, extra: { actor?: string; unblocked?: string[] } = {}): void {
      send(taskEvent, t.projectId, { type, task: t, ...extra }, t.accountId);
    },
  };
}
export type CoordEvents = ReturnType<typeof createEvents>;
