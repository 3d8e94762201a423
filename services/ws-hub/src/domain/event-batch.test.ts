import { describe, expect, it } from 'vitest';
import { EventsFrame, ServerFrame } from '@flywheel/contracts';
import { EventBatch } from './event-batch.ts';
import { eventFrame } from './hub-log.ts';

const frame = (i: number, pad = '') => Buffer.from(eventFrame('agent:output:a1', `v1.0-${i.toString(36)}`, JSON.stringify({ i, pad }), false));

describe('EventBatch', () => {
  it('sends several events as one events frame that parses, in the order they were added', () => {
    const b = new EventBatch();
    [1, 2, 3].forEach((i) => b.add(frame(i)));
    const out = EventsFrame.parse(JSON.parse(b.take()!.toString()));
    expect(out.events.map((e) => (e.data as { i: number }).i)).toEqual([1, 2, 3]);
    expect(out.events.map((e) => e.cursor)).toEqual(['v1.0-1', 'v1.0-2', 'v1.0-3']);
    expect(b.count).toBe(0);
    expect(b.bytes).toBe(0);
    expect(b.take()).toBeUndefined();
  });

  it('sends a lone event as its own event frame, byte for byte', () => {
    const b = new EventBatch();
    const f = frame(7);
    b.add(f);
    const out = b.take()!;
    expect(out.equals(f)).toBe(true);
    expect(ServerFrame.parse(JSON.parse(out.toString())).type).toBe('event');
  });

  it('is full at the event cap and at the byte cap, and says when one more frame would pass the byte cap', () => {
    const byCount = new EventBatch({ events: 3, bytes: 1 << 20 });
    [1, 2].forEach((i) => byCount.add(frame(i)));
    expect(byCount.full).toBe(false);
    byCount.add(frame(3));
    expect(byCount.full).toBe(true);

    const f = frame(1, 'x'.repeat(100));
    const byBytes = new EventBatch({ events: 1000, bytes: f.length * 2 });
    expect(byBytes.wouldOverflow(f.length * 5)).toBe(false);
    byBytes.add(f);
    expect(byBytes.wouldOverflow(f.length)).toBe(false);
    expect(byBytes.wouldOverflow(f.length + 1)).toBe(true);
    byBytes.add(f);
    expect(byBytes.full).toBe(true);
    expect(byBytes.bytes).toBe(f.length * 2);
  });

  it('keeps replay frames’ replay flag in the batch', () => {
    const b = new EventBatch();
    b.add(Buffer.from(eventFrame('agent:output:a1', 'v1.0-1', '{"i":1}', true)));
    b.add(Buffer.from(eventFrame('agent:output:a1', 'v1.0-2', '{"i":2}', true)));
    expect(EventsFrame.parse(JSON.parse(b.take()!.toString())).events.every((e) => e.replay === true)).toBe(true);
  });
});
