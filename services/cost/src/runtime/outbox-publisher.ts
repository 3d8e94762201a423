/** Drains the outbox through the durable publisher (same msg id on retry), deleting each row once acked. */
import type { DurablePublisher, Logger } from '@flywheel/kit';
import type { AlertRepo } from '../db/alert-repo.ts';

export function outboxPublisher(repo: AlertRepo, durable: DurablePublisher, logger: Logger): { kick(): void; idle(): Promise<void> } {
  const log = logger.child({ mod: 'outbox' });
  const encoder = new TextEncoder();
  let running: Promise<void> | null = null;
  let again = false;
  const drain = async () => {
    do {
      again = false;
      for (const row of repo.pending(100)) {
        await durable.publishRaw(row.subject, encoder.encode(row.payloadJson), row.msgId);
        repo.done(row.seq);
        again = true;
      }
    } while (again);
  };
  const kick = () => {
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch((err) => log.warn({ err: (err as Error).message }, 'outbox drain stopped; retried on the next kick'))
      .finally(() => (running = null));
  };
  return { kick, idle: async () => void (await running) };
}
