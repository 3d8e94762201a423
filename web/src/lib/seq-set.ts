/** Most sequences one set spans (1 MiB of bits); anything further below the newest counts as seen. */
export const SEQ_SET_MAX_SPAN = 1 << 23;

/**
 * A set of an agent's event sequences as a bitmap over the span seen (100,000 sequences are 12.5 KB and no
 * objects for the collector, where a `Set<number>` of them is megabytes). The span grows either way (history
 * older than the first live event moves the start down); past {@link SEQ_SET_MAX_SPAN} its oldest part is
 * dropped and everything below counts as seen.
 */
export class SeqSet {
  private words = new Uint32Array(0);
  /** The sequence of bit 0 (a multiple of 32). */
  private base = 0;
  /** Sequences below this were dropped from the span: treated as seen. */
  private floor = 0;

  has(seq: number): boolean {
    if (seq < this.floor) return true;
    const i = seq - this.base;
    if (i < 0 || i >= this.words.length * 32) return false;
    return (this.words[i >>> 5] & (1 << (i & 31))) !== 0;
  }

  /** Adds `seq`; false when it was already there (or counts as seen). */
  add(seq: number): boolean {
    if (this.has(seq)) return false;
    if (this.words.length === 0) this.base = seq - (seq % 32);
    if (seq < this.base && !this.growDown(seq)) return false;
    if (seq >= this.base + this.words.length * 32) this.growUp(seq);
    const i = seq - this.base;
    this.words[i >>> 5] |= 1 << (i & 31);
    return true;
  }

  private growDown(seq: number): boolean {
    const top = this.base + this.words.length * 32;
    const base = Math.max(this.floor - (this.floor % 32), seq - (seq % 32) - 32 * 1024, 0);
    if (top - base > SEQ_SET_MAX_SPAN) {
      this.floor = this.base;
      return false;
    }
    const words = new Uint32Array((top - base) / 32);
    words.set(this.words, (this.base - base) / 32);
    this.words = words;
    this.base = base;
    return true;
  }

  private growUp(seq: number): void {
    let n = Math.max(this.words.length * 2, 1024);
    while (this.base + n * 32 <= seq) n *= 2;
    if (n * 32 > SEQ_SET_MAX_SPAN) {
      // Keep the newest part: move the base up so `seq` fits in the largest span.
      const base = Math.max(this.base, seq - (seq % 32) - SEQ_SET_MAX_SPAN / 2);
      const words = new Uint32Array(SEQ_SET_MAX_SPAN / 32);
      const from = (base - this.base) / 32;
      if (from < this.words.length) words.set(this.words.subarray(from));
      this.words = words;
      this.base = base;
      this.floor = base;
      return;
    }
    const words = new Uint32Array(n);
    words.set(this.words);
    this.words = words;
  }
}
