import { describe, expect, it } from 'vitest';
import { LineLog } from './line-log.ts';

describe('LineLog', () => {
  it('gives back the lines pushed, as Line objects, for any slice', () => {
    const log = new LineLog();
    log.push(1, 'stdout', 'a');
    log.push(2, 'thinking', 'b');
    log.push(3, 'tool', 'c');
    expect(log.length).toBe(3);
    expect(log.slice()).toEqual([
      { seq: 1, kind: 'stdout', text: 'a' },
      { seq: 2, kind: 'thinking', text: 'b' },
      { seq: 3, kind: 'tool', text: 'c' },
    ]);
    expect(log.slice(1, 2)).toEqual([{ seq: 2, kind: 'thinking', text: 'b' }]);
    expect(log.slice(2, 99)).toEqual([{ seq: 3, kind: 'tool', text: 'c' }]);
  });

  it('sorts by seq keeping the lines of one event together and in order, and trims the oldest', () => {
    const log = new LineLog();
    log.push(5, 'stdout', 'five a');
    log.push(5, 'stdout', 'five b');
    log.push(2, 'stderr', 'two');
    log.push(9, 'error', 'nine');
    log.sortBySeq();
    expect(log.slice().map((l) => l.text)).toEqual(['two', 'five a', 'five b', 'nine']);
    log.trim(2);
    expect(log.slice()).toEqual([
      { seq: 5, kind: 'stdout', text: 'five b' },
      { seq: 9, kind: 'error', text: 'nine' },
    ]);
    log.trim(5);
    expect(log.length).toBe(2);
  });
});
