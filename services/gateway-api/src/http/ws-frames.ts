/**
 * Follows WebSocket frame boundaries in a byte stream (RFC 6455 §5.2), so the gateway can put a frame of
 * its own (a close) between two of the hub's without cutting one in half.
 */
export class FrameBoundary {
  /** Payload bytes still to come in the frame in progress. */
  private need = 0;
  /** Header bytes of the next frame seen so far. */
  private header = Buffer.alloc(0);

  get atBoundary(): boolean {
    return this.need === 0 && this.header.length === 0;
  }

  /** Reads `chunk`; with `stop`, only up to the first boundary. Returns how many bytes were read. */
  scan(chunk: Buffer, stop = false): number {
    let i = 0;
    while (i < chunk.length && !(stop && this.atBoundary && i > 0)) {
      if (stop && i === 0 && this.atBoundary) return 0;
      if (this.need > 0) {
        const take = Math.min(this.need, chunk.length - i);
        this.need -= take;
        i += take;
        continue;
      }
      const had = this.header.length;
      this.header = Buffer.concat([this.header, chunk.subarray(i, i + 14 - had)]);
      const size = headerSize(this.header);
      if (size === undefined || this.header.length < size) {
        i += this.header.length - had;
        continue;
      }
      i += size - had;
      this.need = payloadSize(this.header);
      this.header = Buffer.alloc(0);
    }
    return i;
  }
}

function headerSize(h: Buffer): number | undefined {
  if (h.length < 2) return undefined;
  const len7 = h[1] & 0x7f;
  return 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + (h[1] & 0x80 ? 4 : 0);
}

function payloadSize(h: Buffer): number {
  const len7 = h[1] & 0x7f;
  if (len7 === 126) return h.readUInt16BE(2);
  if (len7 === 127) return Number(h.readBigUInt64BE(2));
  return len7;
}

/** An unmasked server close frame: 1001 "going away" with a reason under 124 bytes. */
export function closeFrame(code: number, reason: string): Buffer {
  const text = Buffer.from(reason).subarray(0, 123);
  const payload = Buffer.alloc(2 + text.length);
  payload.writeUInt16BE(code, 0);
  text.copy(payload, 2);
  return Buffer.concat([Buffer.from([0x88, payload.length]), payload]);
}
