import { describe, expect, it } from 'vitest';
import { ClientFrame, EVENTS_FRAME_MAX, EventsFrame, ServerFrame } from './hub.ts';

const ev = (i: number, replay?: true) => ({ type: 'event', channel: 'agent:output:a1', cursor: `v1.0-${i}`, data: { i }, ...(replay ? { replay } : {}) });

describe('EventsFrame', () => {
  it('parses a batch of event frames, in order, as one server frame', () => {
    const f = ServerFrame.parse({ type: 'events', events: [ev(1), ev(2, true)] });
    expect(f.type === 'events' && f.events.map((e) => e.cursor)).toEqual(['v1.0-1', 'v1.0-2']);
    expect(f.type === 'events' && f.events[1].replay).toBe(true);
  });

  it('refuses an empty batch, one over the cap, and a batch with any element that is not an event frame', () => {
    expect(EventsFrame.safeParse({ type: 'events', events: [] }).success).toBe(false);
    expect(EventsFrame.safeParse({ type: 'events', events: Array.from({ length: EVENTS_FRAME_MAX + 1 }, (_, i) => ev(i)) }).success).toBe(false);
    expect(EventsFrame.safeParse({ type: 'events', events: Array.from({ length: EVENTS_FRAME_MAX }, (_, i) => ev(i)) }).success).toBe(true);
    expect(EventsFrame.safeParse({ type: 'events', events: [ev(1), { ...ev(2), type: 'hello' }] }).success).toBe(false);
    expect(EventsFrame.safeParse({ type: 'events', events: [ev(1), { ...ev(2), cursor: '' }] }).success).toBe(false);
    expect(EventsFrame.safeParse({ type: 'events', events: 'nope' }).success).toBe(false);
  });
});

describe('SubscribeFrame batch opt-in', () => {
  it('takes batch as a boolean and leaves old subscribe frames valid', () => {
    expect(ClientFrame.parse({ type: 'subscribe', channels: ['agent:output:*'], batch: true })).toMatchObject({ batch: true });
    expect(ClientFrame.parse({ type: 'subscribe', channels: ['agent:output:*'] })).not.toHaveProperty('batch');
    expect(ClientFrame.safeParse({ type: 'subscribe', channels: ['agent:output:*'], batch: 'yes' }).success).toBe(false);
  });
});
