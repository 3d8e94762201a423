export type LineKind = 'assistant' | 'stdout' | 'stderr' | 'system' | 'user' | 'thinking' | 'error' | 'tool';
export interface Line {
  seq: number;
  kind: LineKind;
  text: string;
}

const KINDS: LineKind[] = ['assistant', 'stdout', 'stderr', 'system', 'user', 'thinking', 'error', 'tool'];
const KIND_INDEX = new Map(KINDS.map((k, i) => [k, i]));

/**
 * The terminal's lines as three parallel arrays (seq, kind as a small integer, text) rather than an object per
 * line: 100,000 lines are three packed arrays and their strings, not 100,000 more objects for the collector to
 * mark. `slice` builds `Line` objects only for the rows a view draws.
 */
export class LineLog {
  private seqs: number[] = [];
  private kinds: number[] = [];
  private texts: string[] = [];

  get length(): number {
    return this.texts.length;
  }

  push(seq: number, kind: LineKind, text: string): void {
    this.seqs.push(seq);
    this.kinds.push(KIND_INDEX.get(kind) ?? 1);
    this.texts.push(text);
  }

  slice(start = 0, end = this.length): Line[] {
    const out: Line[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.length); i++) out.push({ seq: this.seqs[i], kind: KINDS[this.kinds[i]], text: this.texts[i] });
    return out;
  }

  /** Drops the oldest lines so at most `max` stay. */
  trim(max: number): void {
    const n = this.length - max;
    if (n <= 0) return;
    this.seqs.splice(0, n);
    this.kinds.splice(0, n);
    this.texts.splice(0, n);
  }

  /** Puts the lines in seq order; stable, so the lines of one event stay together and in order. */
  sortBySeq(): void {
    const order = Array.from({ length: this.length }, (_, i) => i).sort((a, b) => this.seqs[a] - this.seqs[b] || a - b);
    this.seqs = order.map((i) => this.seqs[i]);
    this.kinds = order.map((i) => this.kinds[i]);
    this.texts = order.map((i) => this.texts[i]);
  }
}
