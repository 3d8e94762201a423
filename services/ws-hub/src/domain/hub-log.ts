import { encodeCursor, zeroVec, type Vec } from './cursor.ts';

/** One event as the hub holds it: its place in its family stream and in this hub's merge order. */
export interface HubEvent {
  fam: number;
  seq: number;
  channel: string;
  /** The id segment of the channel (agent id for agent families), for authorisation. */
  id?: string;
  /** The account the event belongs to, if it names one (system families are filtered by it). */
  account?: string;
  /** The payload as JSON text, relayed unchanged. */
  data: string;
  /** This hub's position just after the event: vec[fam] === seq. */
  vec: Vec;
  cursor: string;
  /** The live frame, built once and sent to every live subscriber. */
  frame: Buffer;
}

export const eventFrame = (channel: string, cursor: string, data: string, replay: boolean): string =>
  `{"type":"event","channel":${JSON.stringify(channel)},"cursor":"${cursor}","data":${data}${replay ? ',"replay":true' : ''}}`;

/**
 * The hub's merge of every family stream in the order it ingested them, with a bounded in-memory
 * tail (the ring). `ringFrom[f]` is the sequence after which the ring holds every event of family f.
 */
export class HubLog {
  readonly vec: Vec;
  readonly ringFrom: Vec;
  private buf: HubEvent[] = [];
  private head = 0;
  private bytes = 0;

  constructor(
    start: Vec,
    private readonly limits: { events: number; bytes: number },
  ) {
    this.vec = [...start];
    this.ringFrom = [...start];
  }

  get size(): number {
    return this.buf.length - this.head;
  }

  get ringBytes(): number {
    return this.bytes;
  }

  /** Appends the next event of family `fam`; sequences of one family must arrive in order. */
  ingest(fam: number, seq: number, channel: string, data: string, id?: string, account?: string): HubEvent {
    this.vec[fam] = seq;
    const vec = [...this.vec];
    const cursor = encodeCursor(vec);
    const frame = Buffer.from(eventFrame(channel, cursor, data, false));
    const e: HubEvent = { fam, seq, channel, id, account, data, vec, cursor, frame };
    this.buf.push(e);
    this.bytes += frame.length;
    this.evict();
    return e;
  }

  private evict(): void {
    while (this.size > this.limits.events || (this.bytes > this.limits.bytes && this.size > 1)) {
      const old = this.buf[this.head++];
      this.bytes -= old.frame.length;
      this.ringFrom[old.fam] = old.seq;
    }
    if (this.head > 1024 && this.head * 2 > this.buf.length) {
      this.buf = this.buf.slice(this.head);
      this.head = 0;
    }
  }

  /** True when the ring alone holds every event of `fams` after `from`. */
  covers(from: Vec, fams: readonly number[]): boolean {
    return fams.every((f) => from[f] >= this.ringFrom[f]);
  }

  /** Ring events after `from` in any of `fams`, oldest first (binary search: vectors only grow). */
  *after(from: Vec, fams: readonly number[]): Generator<HubEvent> {
    const newer = (e: HubEvent) => fams.some((f) => e.vec[f] > from[f]);
    let lo = this.head;
    let hi = this.buf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (newer(this.buf[mid])) hi = mid;
      else lo = mid + 1;
    }
    for (let i = lo; i < this.buf.length; i++) {
      const e = this.buf[i];
      if (fams.includes(e.fam) && e.seq > from[e.fam]) yield e;
    }
  }
}

export const startVec = (lastSeqs: number[]): Vec => {
  const v = zeroVec();
  lastSeqs.forEach((s, i) => (v[i] = s));
  return v;
};
