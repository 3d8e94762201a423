import type { WebSocket } from 'ws';
import { corkForTick } from './cork.ts';
import { EventBatch } from '../domain/event-batch.ts';
import { flushAtTurnEnd } from './turn-flush.ts';
import { AppError, WS_CLOSE, type ErrorBody, type Principal, type ServerFrame } from '@flywheel/contracts';

/** A connection's dropping episode: events after `from` up to `to` were not sent. */
interface Dropping {
  from: string;
  to: string;
  at: number;
  count: number;
}

/** One client socket: who it is, what it watches, and its bounded send path. */
export class Connection {
  /** Subscribed patterns per family index (concrete channels, `family:*`, or the bare family). */
  readonly patterns = new Map<number, Set<string>>();
  /** True once the first subscribe has finished replaying; live events flow only then. */
  live = false;
  subscribedOnce = false;
  lastSeen = Date.now();
  /** Cursor of the last event sent (or of the subscribe), the `from` of a later `dropped`. */
  lastCursor = '';
  dropping?: Dropping;
  /** Client frames that must not interleave (subscribe/unsubscribe) run one after another. */
  chain: Promise<void> = Promise.resolve();
  closed = false;
  /** The code this hub closed with (the socket may only report 1006 for a stalled reader). */
  closeCode?: number;
  /** The client subscribed with `batch: true`: events wait in `batch` until the turn ends or a cap is reached. */
  private batching = false;
  private readonly batch = new EventBatch();

  constructor(
    readonly id: string,
    readonly ws: WebSocket,
    readonly principal: Principal,
    readonly clientKey: string,
    private readonly hwm: number,
  ) {}

  get buffered(): number {
    return this.ws.bufferedAmount;
  }

  /** The send queue plus the events batched but not yet sent. */
  get queued(): number {
    return this.ws.bufferedAmount + this.batch.bytes;
  }

  get overHighWater(): boolean {
    return this.queued > this.hwm;
  }

  /** Any frame other than an event: the batch goes first, so nothing overtakes an event. */
  sendFrame(frame: ServerFrame): void {
    this.sendRaw(JSON.stringify(frame));
  }

  sendRaw(text: string | Buffer): void {
    this.flush();
    if (!this.closed) this.ws.send(text, { binary: false });
  }

  /** `batch` of a subscribe frame: on, off (what is batched goes first), or unchanged when absent. */
  useBatches(on: boolean | undefined): void {
    if (on === undefined) return;
    if (!on) this.flush();
    this.batching = on;
  }

  /** Sends an event frame now, or batches it when the client opted in (sent at the turn's end or at a cap). */
  sendEvent(frame: Buffer): void {
    if (this.closed) return;
    if (!this.batching) {
      corkForTick(this.ws);
      return void this.ws.send(frame, { binary: false });
    }
    if (this.batch.wouldOverflow(frame.length)) this.flush();
    this.batch.add(frame);
    if (this.batch.full) this.flush();
    else if (this.batch.count === 1) flushAtTurnEnd(this);
  }

  /** Sends the batched events as one frame (a lone event as its own `event` frame). */
  flush(): void {
    const out = this.batch.take();
    if (out && !this.closed) this.ws.send(out, { binary: false });
  }

  sendError(e: unknown): void {
    const error: ErrorBody = e instanceof AppError ? e.toBody() : { code: 'INTERNAL', message: 'internal error' };
    this.sendFrame({ type: 'error', error });
  }

  /**
   * Sends a live event unless the queue is over the cap; then starts (or extends) a dropping
   * episode instead. Never blocks, never queues beyond the cap plus one frame.
   */
  offerLive(frame: Buffer, cursor: string): 'sent' | 'dropped' {
    if (this.closed) return 'dropped';
    if (this.dropping) {
      this.dropping.to = cursor;
      this.dropping.count++;
      return 'dropped';
    }
    if (this.queued + frame.length > this.hwm) {
      this.dropping = { from: this.lastCursor, to: cursor, at: Date.now(), count: 1 };
      return 'dropped';
    }
    this.sendEvent(frame);
    this.lastCursor = cursor;
    return 'sent';
  }

  /** Ends a dropping episode once the queue has drained below half the cap. */
  resumeIfDrained(): Dropping | undefined {
    const d = this.dropping;
    if (!d || this.queued > this.hwm / 2) return undefined;
    this.dropping = undefined;
    this.sendFrame({ type: 'dropped', from: d.from, to: d.to, reason: 'slow_consumer' });
    this.lastCursor = d.to;
    return d;
  }

  /** Resolves when the send queue is below the cap again (or the socket closed). */
  async drained(stallMs: number): Promise<void> {
    this.flush();
    const started = Date.now();
    while (!this.closed && this.ws.bufferedAmount > this.hwm / 2) {
      if (Date.now() - started > stallMs) {
        this.close(WS_CLOSE.tryAgainLater, 'send queue stalled');
        return;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.closeCode = code;
    this.ws.close(code, reason);
    // A stalled reader never completes the closing handshake; do not keep its buffer around.
    setTimeout(() => this.ws.terminate(), 1000).unref();
  }
}
