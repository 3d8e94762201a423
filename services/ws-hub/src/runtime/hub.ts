import { AppError, CHANNEL_FAMILIES, parseChannel } from '@flywheel/contracts';
import type { AckFrame, SubscribeFrame, UnsubscribeFrame } from '@flywheel/contracts';
import type { Logger } from '@flywheel/kit';
import { canSee, canSubscribe } from '../domain/access.ts';
import { decodeCursor, encodeCursor } from '../domain/cursor.ts';
import { familyIndex, type EventInput } from '../domain/event-input.ts';
import type { HubEvent, HubLog } from '../domain/hub-log.ts';
import { planSubscribe } from '../domain/subscribe-plan.ts';
import type { AcksRepo } from '../db/acks-repo.ts';
import type { Connection } from './connection.ts';
import type { HubMetrics } from './hub-metrics.ts';
import { LiveIndex } from './live-index.ts';
import type { Owners } from './owners.ts';
import type { StreamReplay } from './stream-replay.ts';
import { catchUp } from './catch-up.ts';
import { startFromAcks } from './ack-start.ts';

export interface HubDeps {
  log: HubLog;
  owners: Owners;
  acks: AcksRepo;
  streams: StreamReplay;
  metrics: HubMetrics;
  stallMs: number;
  logger: Logger;
}

const STATE_FAM = familyIndex('agent:state');
const WILDCARD = CHANNEL_FAMILIES.map((f) => (f.hasId ? `${f.name}:*` : undefined));

/** Ingest → ring → live fan-out, and the subscribe / unsubscribe / ack semantics of the protocol. */
export class Hub {
  readonly conns = new Set<Connection>();
  readonly index = new LiveIndex();

  constructor(private readonly d: HubDeps) {}

  /** Ingest sink: called in stream order per family, never throws. */
  onMessage(fam: number, seq: number, input: EventInput | null, accountHeader: string | undefined): void {
    if (!input) return;
    try {
      if (fam === STATE_FAM) this.d.owners.learn(input.id, input.value, accountHeader);
      else if (accountHeader && CHANNEL_FAMILIES[fam].name.startsWith('agent:')) this.d.owners.learn(input.id, {}, accountHeader);
      const e = this.d.log.ingest(fam, seq, input.channel, input.data, input.id, input.account);
      this.d.metrics.eventsIn.inc({ family: CHANNEL_FAMILIES[fam].name });
      this.dispatch(e);
    } catch (err) {
      this.d.logger.error({ err, seq }, 'fan-out failed');
    }
  }

  private dispatch(e: HubEvent): void {
    const family = CHANNEL_FAMILIES[e.fam];
    let sent = 0;
    let dropped = 0;
    this.index.forEach(e.channel, WILDCARD[e.fam], (c) => {
      if (c.principal.role !== 'admin' && !canSee(c.principal, family, e.id, this.d.owners, e.account)) return;
      if (c.offerLive(e.frame, e.cursor) === 'sent') sent++;
      else dropped++;
    });
    if (sent) this.d.metrics.eventsOut.inc({ family: family.name, mode: 'live' }, sent);
    if (dropped) this.d.metrics.dropped.inc({ family: family.name }, dropped);
  }

  wants = (conn: Connection, fam: number, channel: string, id: string | undefined, account: string | undefined): boolean => {
    const set = conn.patterns.get(fam);
    if (!set || !(set.has(channel) || (WILDCARD[fam] !== undefined && set.has(WILDCARD[fam]!)))) return false;
    return canSee(conn.principal, CHANNEL_FAMILIES[fam], id, this.d.owners, account);
  };

  private goLive = (conn: Connection): void => {
    conn.live = true;
    for (const set of conn.patterns.values()) for (const p of set) this.index.add(conn, p);
    this.d.metrics.subscriptions.set(this.index.size);
  };

  async subscribe(conn: Connection, frame: SubscribeFrame): Promise<void> {
    const allowed = (fam: number, id: string | undefined) => canSubscribe(conn.principal, CHANNEL_FAMILIES[fam], id, this.d.owners);
    const plan = planSubscribe(frame, { first: !conn.subscribedOnce, now: this.d.log.vec, allowed });
    conn.useBatches(frame.batch);
    if (!conn.subscribedOnce) startFromAcks(this.d.acks, conn.clientKey, plan.fams, plan.start);
    conn.subscribedOnce = true;
    for (const [fam, p] of plan.patterns) {
      if (!conn.patterns.has(fam)) conn.patterns.set(fam, new Set());
      conn.patterns.get(fam)!.add(p);
    }
    if (conn.live) {
      this.goLive(conn);
      conn.sendFrame({ type: 'subscribed', channels: frame.channels, replayed: 0, cursor: conn.lastCursor || encodeCursor(this.d.log.vec) });
      return;
    }
    // `subscribed` goes out in the same tick as the last replayed event, before any live one.
    const goLive = (c: Connection, done: { replayed: number; cursor: string }) => {
      this.goLive(c);
      c.sendFrame({ type: 'subscribed', channels: frame.channels, ...done });
    };
    const deps = { log: this.d.log, streams: this.d.streams, stallMs: this.d.stallMs, wants: this.wants, goLive, sent: this.sent };
    const r = await catchUp(deps, conn, plan.start, plan.fams);
    if (r.kind === 'closed') return;
    if (r.kind === 'reset') {
      this.d.metrics.resets.inc();
      conn.sendFrame({ type: 'reset', oldestAvailable: r.oldestAvailable, current: r.current });
      conn.lastCursor = r.current;
      this.goLive(conn);
      conn.sendFrame({ type: 'subscribed', channels: frame.channels, replayed: 0, cursor: r.current });
      return;
    }
    if (r.source !== 'none') this.d.metrics.replays.inc({ source: r.source });
  }

  private sent = (fam: number, mode: 'replay'): void => {
    this.d.metrics.eventsOut.inc({ family: CHANNEL_FAMILIES[fam].name, mode });
  };

  unsubscribe(conn: Connection, frame: UnsubscribeFrame): void {
    for (const ch of frame.channels) {
      const parsed = parseChannel(ch);
      if (!parsed) throw new AppError('BAD_REQUEST', `unknown channel ${ch}`, { channel: ch });
      const fam = familyIndex(parsed.family.name);
      conn.patterns.get(fam)?.delete(ch);
      this.index.remove(conn, ch);
    }
    this.d.metrics.subscriptions.set(this.index.size);
    const channels = [...conn.patterns.values()].flatMap((s) => [...s]);
    conn.sendFrame({ type: 'subscribed', channels, replayed: 0, cursor: conn.lastCursor || encodeCursor(this.d.log.vec) });
  }

  /** Cumulative ack: every event of an ack-required family up to the cursor is acknowledged. */
  ack(conn: Connection, frame: AckFrame): void {
    const v = decodeCursor(frame.cursor);
    for (const fam of conn.patterns.keys()) {
      const family = CHANNEL_FAMILIES[fam];
      if (family.ackRequired && v[fam] > 0) this.d.acks.ack(conn.clientKey, family.name, v[fam]);
    }
  }

  add(conn: Connection): void {
    this.conns.add(conn);
    this.d.metrics.connections.set(this.conns.size);
  }

  remove(conn: Connection): void {
    conn.closed = true;
    this.index.removeAll(conn);
    this.conns.delete(conn);
    this.d.metrics.connections.set(this.conns.size);
    this.d.metrics.subscriptions.set(this.index.size);
  }
}
