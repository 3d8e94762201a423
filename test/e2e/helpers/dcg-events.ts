import { DcgEvent } from '@flywheel/contracts';
import { wireSubject, type NatsConnection } from '@flywheel/kit';
import { waitFor } from '@flywheel/kit/testing';

/** Everything published on system.dcg from now on, and a wait for the first that matches. */
export function watchDcg(nc: NatsConnection): {
  events: DcgEvent[];
  waitEvent(pred: (e: DcgEvent) => boolean, what: string, timeoutMs?: number): Promise<DcgEvent>;
  stop(): void;
} {
  const events: DcgEvent[] = [];
  const sub = nc.subscribe(wireSubject(nc, 'system.dcg'));
  void (async () => {
    for await (const m of sub) events.push(DcgEvent.parse(m.json()));
  })();
  return {
    events,
    waitEvent: (pred, what, timeoutMs = 10_000) => waitFor(() => events.find(pred), { what, timeoutMs }),
    stop: () => sub.unsubscribe(),
  };
}
