import { EVENTS_FRAME_MAX, ServerFrame, type EventFrame } from '@flywheel/contracts';

type ResetFrame = Extract<ServerFrame, { type: 'reset' }>;
type ErrorBody = Extract<ServerFrame, { type: 'error' }>['error'];

/** The browser's WebSocket, or any constructor with the same shape (tests pass `ws`). */
export type WebSocketLike = {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
};
export type WebSocketCtor = new (url: string) => WebSocketLike;

export type HubStatus = 'connecting' | 'open' | 'reconnecting' | 'stopped';

export interface HubClientOptions {
  /** The `/ws?token=…` URL; called before every connect so a fresh short-lived token can be fetched. */
  url: () => string | Promise<string>;
  channels: string[];
  /** Called per event, unless `onEvents` is given. */
  onEvent?: (e: EventFrame) => void;
  /** Called once per frame with its events in order (one for an `event` frame, all of an `events` frame). */
  onEvents?: (es: EventFrame[]) => void;
  /** Ask the hub for `events` frames (several events per WebSocket message: one browser task, not one per event). Default true. */
  batch?: boolean;
  /** The hub no longer holds what was missed: reload state from the REST API. */
  onReset?: (r: ResetFrame) => void;
  onError?: (e: ErrorBody) => void;
  onStatus?: (s: HubStatus) => void;
  WebSocket?: WebSocketCtor;
  /** Ping at least this often (the hub closes clients silent for 3 × its heartbeat). */
  pingMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * A client for the ws-hub protocol: pings, keeps the last cursor, and on every reconnect
 * resubscribes with `since` so nothing is missed or repeated; on `dropped` it reconnects from the
 * gap; on `reset` it tells the app to reload.
 */
export class HubClient {
  cursor?: string;
  private ws?: WebSocketLike;
  private readonly channels: Set<string>;
  private stopped = true;
  private attempt = 0;
  private timers: ReturnType<typeof setTimeout>[] = [];
  private lastFrameAt = 0;
  private resyncing = false;

  constructor(private readonly o: HubClientOptions) {
    this.channels = new Set(o.channels);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    this.ws?.close(1000, 'client stopped');
    this.o.onStatus?.('stopped');
  }

  subscribe(channels: string[]): void {
    channels.forEach((c) => this.channels.add(c));
    this.send({ type: 'subscribe', channels });
  }

  unsubscribe(channels: string[]): void {
    channels.forEach((c) => this.channels.delete(c));
    this.send({ type: 'unsubscribe', channels });
  }

  /** Acknowledges every ack-required event up to `cursor` (they are re-sent until then). */
  ack(cursor: string): void {
    this.send({ type: 'ack', cursor });
  }

  private send(frame: object): void {
    if (this.ws?.readyState === 1) this.ws.send(JSON.stringify(frame));
  }

  private async connect(): Promise<void> {
    this.clearTimers();
    this.o.onStatus?.(this.attempt === 0 ? 'connecting' : 'reconnecting');
    let url: string;
    try {
      url = await this.o.url();
    } catch {
      return this.retry();
    }
    if (this.stopped) return;
    const Ctor = this.o.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketCtor);
    const ws = new Ctor(url);
    this.ws = ws;
    this.resyncing = false;
    ws.onmessage = (ev) => this.onFrame(String(ev.data));
    ws.onclose = () => {
      if (this.ws === ws) this.retry();
    };
    ws.onerror = () => undefined;
  }

  private onFrame(text: string): void {
    this.lastFrameAt = Date.now();
    const json = safeJson(text);
    // Event frames (nearly all of them: an agent's output is thousands a second) are checked by hand; the rest,
    // and any event frame the quick check refuses, go through the schema.
    const quick = eventsOf(json);
    if (quick) return this.onEvents(quick);
    const parsed = ServerFrame.safeParse(json);
    if (!parsed.success) return;
    const f = parsed.data;
    if (f.type === 'hello') return this.onHello(f.heartbeatMs);
    if (f.type === 'event' || f.type === 'events') return this.onEvents(f.type === 'event' ? [f] : f.events);
    if (this.resyncing) return;
    if (f.type === 'subscribed') {
      this.cursor = f.cursor;
      this.attempt = 0;
      this.o.onStatus?.('open');
    } else if (f.type === 'reset') {
      this.cursor = f.current;
      this.o.onReset?.(f);
    } else if (f.type === 'dropped') {
      // Events after `from` were skipped: reconnect and replay from there.
      this.cursor = f.from;
      this.resyncing = true;
      this.ws?.close(1000, 'resync after dropped');
    } else if (f.type === 'error') this.o.onError?.(f.error);
  }

  /** The events of one frame, in order; the cursor is the last one's. */
  private onEvents(es: EventFrame[]): void {
    if (this.resyncing) return;
    this.cursor = es[es.length - 1].cursor;
    if (this.o.onEvents) this.o.onEvents(es);
    else if (this.o.onEvent) for (const e of es) this.o.onEvent(e);
  }

  private onHello(heartbeatMs: number): void {
    const channels = [...this.channels];
    const batch = this.o.batch ?? true;
    if (channels.length) this.send({ type: 'subscribe', channels, ...(this.cursor ? { since: this.cursor } : {}), ...(batch ? { batch } : {}) });
    const pingMs = Math.min(this.o.pingMs ?? heartbeatMs, heartbeatMs);
    const tick = () => {
      // The hub beats every heartbeatMs; silence for 3 of them means the link is dead.
      if (Date.now() - this.lastFrameAt > 3 * heartbeatMs) return this.ws?.close(4000, 'hub silent');
      this.send({ type: 'ping' });
      this.timers.push(setTimeout(tick, pingMs));
    };
    this.timers.push(setTimeout(tick, pingMs));
  }

  private retry(): void {
    this.clearTimers();
    if (this.stopped) return;
    const base = this.o.minBackoffMs ?? 250;
    const delay = this.resyncing ? 0 : Math.min(this.o.maxBackoffMs ?? 10_000, base * 2 ** this.attempt) * (0.5 + Math.random() / 2);
    this.attempt++;
    this.o.onStatus?.('reconnecting');
    this.timers.push(setTimeout(() => void this.connect(), delay));
  }

  private clearTimers(): void {
    this.timers.forEach(clearTimeout);
    this.timers = [];
  }
}

/**
 * `v` as an event frame when it is one by the same rules as the `EventFrame` schema (type, a channel of 1–200
 * characters, a cursor of 1–512, `replay` absent or true, a `data` key with anything), without the schema's per-frame cost.
 * Unlike the schema it keeps unknown keys, which nothing reads.
 */
export function asEventFrame(v: unknown): EventFrame | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const f = v as Record<string, unknown>;
  if (f.type !== 'event') return undefined;
  const { channel, cursor, replay } = f;
  if (typeof channel !== 'string' || channel.length < 1 || channel.length > 200) return undefined;
  if (typeof cursor !== 'string' || cursor.length < 1 || cursor.length > 512) return undefined;
  if (replay !== undefined && replay !== true) return undefined;
  // The schema wants the key, whatever its value.
  if (!('data' in f)) return undefined;
  return f as EventFrame;
}

/**
 * The events of an `event` or `events` frame checked by hand (each element by {@link asEventFrame}, the array's
 * length as the `EventsFrame` schema's), or undefined: then the frame goes through the schema.
 */
export function eventsOf(v: unknown): EventFrame[] | undefined {
  const one = asEventFrame(v);
  if (one) return [one];
  if (typeof v !== 'object' || v === null || (v as { type?: unknown }).type !== 'events') return undefined;
  const list = (v as { events?: unknown }).events;
  if (!Array.isArray(list) || list.length < 1 || list.length > EVENTS_FRAME_MAX) return undefined;
  for (const e of list) if (!asEventFrame(e)) return undefined;
  return list as EventFrame[];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
