import { EVENTS_FRAME_MAX, EVENTS_FRAME_MAX_BYTES } from '@flywheel/contracts';

const OPEN = Buffer.from('{"type":"events","events":[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');

/**
 * Event frames waiting to leave as one `events` frame: each element is the event's own frame, unchanged (the
 * live one is built once per event and shared by every subscriber), so batching costs one concat per flush.
 */
export class EventBatch {
  private parts: Buffer[] = [];
  private size = 0;

  constructor(private readonly caps = { events: EVENTS_FRAME_MAX, bytes: EVENTS_FRAME_MAX_BYTES }) {}

  get count(): number {
    return this.parts.length;
  }

  /** The JSON bytes the batch's events take (what a send queue check adds to the socket's). */
  get bytes(): number {
    return this.size;
  }

  /** Would adding a frame of `len` bytes pass the byte cap? (A lone frame over the cap still goes, alone.) */
  wouldOverflow(len: number): boolean {
    return this.parts.length > 0 && this.size + len > this.caps.bytes;
  }

  /** True once the batch is at a cap and must be sent now. */
  get full(): boolean {
    return this.parts.length >= this.caps.events || this.size >= this.caps.bytes;
  }

  add(frame: Buffer): void {
    this.parts.push(frame);
    this.size += frame.length;
  }

  /** Empties the batch: one event goes as its own `event` frame, several as one `events` frame. */
  take(): Buffer | undefined {
    const parts = this.parts;
    if (parts.length === 0) return undefined;
    this.parts = [];
    this.size = 0;
    if (parts.length === 1) return parts[0];
    const list: Buffer[] = [OPEN];
    parts.forEach((p, i) => (i ? list.push(COMMA, p) : list.push(p)));
    list.push(CLOSE);
    return Buffer.concat(list);
  }
}
