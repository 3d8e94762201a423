import { describe, expect, it } from 'vitest';
import { HubLog, startVec } from './hub-log.ts';
import { zeroVec } from './cursor.ts';

const fill = (log: HubLog, n: number) => {
  for (let i = 1; i <= n; i++) log.ingest(i % 2, (log.vec[i % 2] ?? 0) + 1, `agent:output:a${i % 2}`, `{"i":${i}}`);
};

describe('HubLog', () => {
  it('returns the ring events after a vector, in ingest order', () => {
    const log = new HubLog(startVec([0, 0]), { events: 100, bytes: 1e9 });
    fill(log, 10);
    const from = zeroVec();
    from[0] = 2;
    from[1] = 3;
    const got = [...log.after(from, [0, 1])].map((e) => JSON.parse(e.data).i);
    expect(got).toEqual([6, 7, 8, 9, 10]);
  });

  it('evicts the oldest events and says what it no longer covers', () => {
    const log = new HubLog(startVec([0, 0]), { events: 4, bytes: 1e9 });
    fill(log, 10);
    expect(log.size).toBe(4);
    expect(log.covers(zeroVec(), [0])).toBe(false);
    expect(log.covers([...log.vec], [0, 1])).toBe(true);
    expect([...log.after([...log.ringFrom], [0, 1])]).toHaveLength(4);
  });

  it('builds one live frame per event with its cursor', () => {
    const log = new HubLog(startVec([7]), { events: 4, bytes: 1e9 });
    const e = log.ingest(0, 8, 'agent:output:x', '{"a":1}');
    expect(JSON.parse(e.frame.toString())).toEqual({ type: 'event', channel: 'agent:output:x', cursor: 'v1.0-8', data: { a: 1 } });
  });
});
