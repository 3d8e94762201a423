import { z } from 'zod';
import { ErrorBody } from './errors.ts';
import { Cursor, IsoTime } from './ids.ts';

/**
 * The WebSocket protocol between ws-hub and its clients: JSON text frames, one object each.
 * A cursor is opaque; one cursor orders every event of a connection (see docs/ws-hub.md).
 */
const ChannelName = z.string().min(1).max(200);
const Channels = z.array(ChannelName).min(1).max(100);

/** Client → hub. `batch: true` opts the connection into `events` frames (see {@link EventsFrame}) from then on. */
export const SubscribeFrame = z.object({ type: z.literal('subscribe'), channels: Channels, since: Cursor.optional(), batch: z.boolean().optional() });
export const UnsubscribeFrame = z.object({ type: z.literal('unsubscribe'), channels: Channels });
export const AckFrame = z.object({ type: z.literal('ack'), cursor: Cursor });
export const PingFrame = z.object({ type: z.literal('ping') });
export type SubscribeFrame = z.infer<typeof SubscribeFrame>;
export type UnsubscribeFrame = z.infer<typeof UnsubscribeFrame>;
export type AckFrame = z.infer<typeof AckFrame>;

export const ClientFrame = z.discriminatedUnion('type', [SubscribeFrame, UnsubscribeFrame, AckFrame, PingFrame]);
export type ClientFrame = z.infer<typeof ClientFrame>;

/** Hub → client. */
export const HelloFrame = z.object({
  type: z.literal('hello'),
  connectionId: z.string(),
  serverTime: IsoTime,
  heartbeatMs: z.number().int().positive(),
});
export const EventFrame = z.object({
  type: z.literal('event'),
  channel: ChannelName,
  cursor: Cursor,
  data: z.unknown(),
  replay: z.literal(true).optional(),
});
/** Most events in one `events` frame (the hub also flushes a batch at {@link EVENTS_FRAME_MAX_BYTES}). */
export const EVENTS_FRAME_MAX = 1000;
/** A batch is sent once its events' JSON passes this size (one event larger than it goes alone). */
export const EVENTS_FRAME_MAX_BYTES = 256 * 1024;
/**
 * Several events in one WebSocket frame, in order, for a connection that subscribed with `batch: true`: each
 * element is exactly the `event` frame the hub would otherwise send alone. Handled as those frames one after another
 * (the last element's cursor is the connection's cursor). Old clients never receive it.
 */
export const EventsFrame = z.object({ type: z.literal('events'), events: z.array(EventFrame).min(1).max(EVENTS_FRAME_MAX) });
export const SubscribedFrame = z.object({
  type: z.literal('subscribed'),
  channels: z.array(ChannelName),
  replayed: z.number().int().nonnegative(),
  cursor: Cursor,
});
/** The `since` cursor is older than retention: events were lost, the client must reload state. */
export const ResetFrame = z.object({ type: z.literal('reset'), oldestAvailable: Cursor, current: Cursor });
/** Events after `from` up to `to` were skipped for this connection; resubscribe with since=from to fetch them. */
export const DroppedFrame = z.object({ type: z.literal('dropped'), from: Cursor, to: Cursor, reason: z.enum(['slow_consumer']) });
export const HeartbeatFrame = z.object({ type: z.literal('heartbeat') });
export const PongFrame = z.object({ type: z.literal('pong') });
export const ErrorFrame = z.object({ type: z.literal('error'), error: ErrorBody });

export const ServerFrame = z.discriminatedUnion('type', [
  HelloFrame,
  EventFrame,
  EventsFrame,
  SubscribedFrame,
  ResetFrame,
  DroppedFrame,
  HeartbeatFrame,
  PongFrame,
  ErrorFrame,
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
export type EventFrame = z.infer<typeof EventFrame>;
export type EventsFrame = z.infer<typeof EventsFrame>;

/** Close codes the hub uses. */
export const WS_CLOSE = {
  normal: 1000,
  /** Server shutting down, or the client was silent for too long. */
  goingAway: 1001,
  /** A frame over the size limit. */
  tooBig: 1009,
  /** The client stopped reading and its send queue stayed full. */
  tryAgainLater: 1013,
} as const;

/** `POST /api/v1/ws/token` reply: a short-lived credential for `?token=` on the WS upgrade. */
export const WsToken = z.object({ token: z.string().min(1), expiresAt: IsoTime });
export type WsToken = z.infer<typeof WsToken>;
