import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { EVENTS_FRAME_MAX, ServerFrame, type Principal } from '@flywheel/contracts';
import { eventFrame } from '../domain/hub-log.ts';
import { Connection } from './connection.ts';

/** A socket stand-in that records what is sent; `bufferedAmount` is what a test sets. */
function socket() {
  const sent: ServerFrame[] = [];
  const ws = {
    bufferedAmount: 0,
    send: (d: Buffer | string) => sent.push(ServerFrame.parse(JSON.parse(d.toString()))),
    close: () => undefined,
    terminate: () => undefined,
  };
  return { ws, sent };
}

const principal: Principal = { accountId: 'acct', role: 'admin' } as Principal;
const frame = (i: number) => Buffer.from(eventFrame('agent:output:a1', `v1.0-${i.toString(36)}`, `{"i":${i}}`, false));
const cursorOf = (i: number) => `v1.0-${i.toString(36)}`;
const turnEnd = () => new Promise((r) => setImmediate(r));
const ids = (sent: ServerFrame[]) =>
  sent.flatMap((f) => (f.type === 'event' ? [f] : f.type === 'events' ? f.events : [])).map((e) => (e.data as { i: number }).i);

function conn(hwm = 1 << 20) {
  const s = socket();
  return { c: new Connection('c1', s.ws as unknown as WebSocket, principal, 'k', hwm), ...s };
}

describe('Connection event batching', () => {
  it('without the opt-in, sends one event frame per event', () => {
    const { c, sent } = conn();
    [1, 2, 3].forEach((i) => c.offerLive(frame(i), cursorOf(i)));
    expect(sent.map((f) => f.type)).toEqual(['event', 'event', 'event']);
  });

  it('with the opt-in, sends one events frame at the end of the turn, every event once and in order', async () => {
    const { c, sent } = conn();
    c.useBatches(true);
    [1, 2, 3].forEach((i) => c.offerLive(frame(i), cursorOf(i)));
    expect(sent).toEqual([]);
    await turnEnd();
    expect(sent.map((f) => f.type)).toEqual(['events']);
    expect(ids(sent)).toEqual([1, 2, 3]);
  });

  it('flushes at the event cap without waiting for the turn to end', () => {
    const { c, sent } = conn();
    c.useBatches(true);
    for (let i = 1; i <= EVENTS_FRAME_MAX * 2 + 5; i++) c.offerLive(frame(i), cursorOf(i));
    expect(sent.map((f) => (f.type === 'events' ? f.events.length : 0))).toEqual([EVENTS_FRAME_MAX, EVENTS_FRAME_MAX]);
    c.flush();
    expect(ids(sent)).toEqual(Array.from({ length: EVENTS_FRAME_MAX * 2 + 5 }, (_, k) => k + 1));
  });

  it('flushes before any other frame, so nothing overtakes a batched event', () => {
    const { c, sent } = conn();
    c.useBatches(true);
    c.offerLive(frame(1), cursorOf(1));
    c.offerLive(frame(2), cursorOf(2));
    c.sendFrame({ type: 'pong' });
    c.sendEvent(frame(3));
    c.useBatches(false);
    c.sendEvent(frame(4));
    expect(sent.map((f) => f.type)).toEqual(['events', 'pong', 'event', 'event']);
    expect(ids(sent)).toEqual([1, 2, 3, 4]);
  });

  it('counts batched events against the send-queue cap; the dropped frame starts after the last event batched', async () => {
    const f1 = frame(1);
    const { c, sent } = conn(f1.length * 2);
    c.useBatches(true);
    expect(c.offerLive(f1, cursorOf(1))).toBe('sent');
    expect(c.offerLive(frame(2), cursorOf(2))).toBe('sent');
    expect(c.overHighWater).toBe(false);
    expect(c.offerLive(frame(3), cursorOf(3))).toBe('dropped');
    await turnEnd();
    expect(c.resumeIfDrained()).toMatchObject({ from: cursorOf(2), to: cursorOf(3) });
    expect(sent.map((f) => f.type)).toEqual(['events', 'dropped']);
    expect(ids(sent)).toEqual([1, 2]);
  });
});
