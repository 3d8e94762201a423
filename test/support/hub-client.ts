import WebSocket from 'ws';
import { ServerFrame } from '@flywheel/contracts';

type Frame = ServerFrame;

/** A real `ws` client that records every frame and lets a test await the ones it needs. */
export class TestClient {
  readonly frames: Frame[] = [];
  /** The byte length of each frame in `frames`. */
  readonly sizes: number[] = [];
  /** Subscribe with `batch: true` (the hub then sends `events` frames). */
  batch = false;
  closeCode?: number;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      const text = raw.toString();
      this.sizes.push(Buffer.byteLength(text));
      this.frames.push(ServerFrame.parse(JSON.parse(text)));
      this.wake();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
  }

  /** Connects to `/ws` on 127.0.0.1:port with a credential as a Bearer header (or none), and `query` as given. */
  static connect(port: number, credential?: string, query = ''): Promise<TestClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${query}`, credential ? { headers: { authorization: `Bearer ${credential}` } } : {});
    return new Promise((resolve, reject) => {
      const c = new TestClient(ws);
      ws.once('open', () => c.next((f) => f.type === 'hello').then(() => resolve(c), reject));
      ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
      ws.once('error', reject);
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Every event received, in order, whether it came alone or in an `events` frame. */
  events(): Extract<Frame, { type: 'event' }>[] {
    return this.frames.flatMap((f) => (f.type === 'event' ? [f] : f.type === 'events' ? f.events : []));
  }

  /** Resolves with the first recorded frame (from `from` on) that matches. */
  async next<T extends Frame>(pred: (f: Frame) => f is T, from?: number, timeoutMs?: number): Promise<T>;
  async next(pred: (f: Frame) => boolean, from?: number, timeoutMs?: number): Promise<Frame>;
  async next(pred: (f: Frame) => boolean, from = 0, timeoutMs = 15_000): Promise<Frame> {
    return this.until(() => this.frames.slice(from).find(pred), timeoutMs, 'frame');
  }

  /** Resolves once `probe` holds, re-checked on every frame or close. */
  async until<T>(probe: () => T | undefined | false, timeoutMs = 15_000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.max(0, deadline - Date.now()) + 1);
        this.waiters.push(() => (clearTimeout(t), r()));
      });
    }
  }

  async subscribe(channels: string[], since?: string): Promise<Extract<Frame, { type: 'subscribed' }>> {
    const from = this.frames.length;
    this.send({ type: 'subscribe', channels, ...(since ? { since } : {}), ...(this.batch ? { batch: true } : {}) });
    const f = await this.next((x) => x.type === 'subscribed' || x.type === 'error', from);
    if (f.type === 'error') throw new Error(`subscribe failed: ${f.error.code} ${f.error.message}`);
    return f as Extract<Frame, { type: 'subscribed' }>;
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((r) => {
      this.ws.once('close', () => r());
      this.ws.close();
    });
  }
}
