import { describe, expect, it } from 'vitest';
import { closeFrame, FrameBoundary } from './ws-frames.ts';

/** A server frame (unmasked) with `n` payload bytes. */
function frame(n: number): Buffer {
  const len = n < 126 ? Buffer.from([0x81, n]) : n < 65536 ? Buffer.from([0x81, 126, n >> 8, n & 0xff]) : Buffer.concat([Buffer.from([0x81, 127]), bigLen(n)]);
  return Buffer.concat([len, Buffer.alloc(n, 0x61)]);
}
const bigLen = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
};

describe('FrameBoundary', () => {
  it('is at a boundary after whole frames of every length encoding', () => {
    const f = new FrameBoundary();
    const stream = Buffer.concat([frame(0), frame(5), frame(300), frame(70_000)]);
    expect(f.scan(stream)).toBe(stream.length);
    expect(f.atBoundary).toBe(true);
  });

  it('follows a frame split anywhere, header included', () => {
    const stream = Buffer.concat([frame(300), frame(3)]);
    for (let cut = 1; cut < stream.length; cut++) {
      const f = new FrameBoundary();
      f.scan(stream.subarray(0, cut));
      expect(f.atBoundary, `cut at ${cut}`).toBe(cut === 304);
      f.scan(stream.subarray(cut));
      expect(f.atBoundary).toBe(true);
    }
  });

  it('with stop, reads only to the end of the frame in progress', () => {
    const f = new FrameBoundary();
    const first = frame(10);
    f.scan(first.subarray(0, 4));
    const rest = Buffer.concat([first.subarray(4), frame(20)]);
    expect(f.scan(rest, true)).toBe(first.length - 4);
    expect(f.atBoundary).toBe(true);
    expect(f.scan(frame(1), true)).toBe(0);
  });

  it('reads a masked client frame header', () => {
    const f = new FrameBoundary();
    const masked = Buffer.concat([Buffer.from([0x81, 0x80 | 3, 1, 2, 3, 4]), Buffer.from('abc')]);
    expect(f.scan(masked)).toBe(masked.length);
    expect(f.atBoundary).toBe(true);
  });
});

describe('closeFrame', () => {
  it('is a final close frame carrying the code and reason', () => {
    expect([...closeFrame(1001, 'bye')]).toEqual([0x88, 5, 0x03, 0xe9, 0x62, 0x79, 0x65]);
  });
});
