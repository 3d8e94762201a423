// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { reactive } from 'vue';
import { AgentEvent } from '@flywheel/contracts';
import { asOutputEvent, useTerminalStore, type Line } from '../../stores/terminal.ts';
import VirtualLog from './VirtualLog.vue';

const ts = new Date().toISOString();
const out = (seq: number, text: string): AgentEvent => ({ type: 'output', agentId: 'agt_1', seq, ts, stream: 'assistant', text });

describe('VirtualLog', () => {
  it('keeps only the visible rows in the DOM at 100,000 lines, and the scroll height of all of them', async () => {
    const lines: Line[] = Array.from({ length: 100_000 }, (_, i) => ({ seq: i, kind: 'stdout', text: `line ${i}` }));
    const w = mount(VirtualLog, { props: { log: { lines, version: 1 } } });
    await flushPromises();
    const rows = w.findAll('[data-testid=term-line]');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(200);
    expect(w.get('[data-testid=terminal]').attributes('data-lines')).toBe('100000');
    expect((w.get('.spacer').element as HTMLElement).style.height).toBe(`${100_000 * 18}px`);
  });

  it('follows the bottom: after a batch the newest line is drawn', async () => {
    const log = reactive({ lines: [] as Line[], version: 0 });
    const w = mount(VirtualLog, { props: { log } });
    await flushPromises();
    log.lines = Array.from({ length: 5_000 }, (_, i) => ({ seq: i, kind: 'stdout', text: `line ${i}` }));
    log.version++;
    await flushPromises();
    const rows = w.findAll('[data-testid=term-line]');
    expect(rows.at(-1)!.text()).toBe('line 4999');
    expect(Number(rows.at(-1)!.attributes('data-row'))).toBe(4999);
    expect(rows.length).toBeLessThan(200);
  });
});

describe('terminal store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(JSON.stringify({ items: [out(1, 'from REST'), out(2, 'both')] }), { status: 200, headers: { 'content-type': 'application/json' } }),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows each event once by seq, in seq order, whether it came from REST, the hub or a replay', async () => {
    const term = useTerminalStore();
    term.open('agt_1');
    term.push(out(3, 'live'));
    term.push(out(2, 'both'));
    await vi.waitFor(() => expect(term.lines.slice().map((l) => l.text)).toEqual(['from REST', 'both', 'live']));
    term.push(out(3, 'live'));
    term.push({ type: 'tool_call_start', agentId: 'agt_1', seq: 4, ts, toolCallId: 't1', tool: 'Bash', input: { command: 'ls' } });
    term.push({ type: 'tool_call_end', agentId: 'agt_1', seq: 5, ts, toolCallId: 't1', tool: 'Bash', result: 'a.txt\nb.txt', isError: false });
    term.push(out(6, 'two\nlines\n'));
    await vi.waitFor(() => expect(term.lines.slice().map((l) => l.text)).toEqual(['from REST', 'both', 'live', '▸ Bash ls', 'a.txt', 'b.txt', 'two', 'lines']));
    expect(term.tools).toMatchObject([{ id: 't1', tool: 'Bash', done: true, result: 'a.txt\nb.txt' }]);
    term.close();
  });

  it('puts history that arrives after newer live output back in seq order, and reads the newest events first', async () => {
    const urls: string[] = [];
    let answer!: (r: Response) => void;
    vi.stubGlobal('fetch', (url: string) => {
      urls.push(url);
      return new Promise<Response>((r) => (answer = r));
    });
    const term = useTerminalStore();
    term.open('agt_1');
    term.push(out(10, 'live 10'));
    await vi.waitFor(() => expect(term.lines.slice().map((l) => l.text)).toEqual(['live 10']));
    // The REST page, newest first, lands after the live line was drawn.
    answer(new Response(JSON.stringify({ items: [out(10, 'live 10'), out(9, 'nine'), out(8, 'eight\nstill eight')] }), { status: 200 }));
    await vi.waitFor(() => expect(term.lines.slice().map((l) => l.text)).toEqual(['eight', 'still eight', 'nine', 'live 10']));
    expect(urls).toEqual(['/api/v1/agents/agt_1/events?limit=1000&order=desc']);
    term.close();
  });
});

describe('terminal store, per frame', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('applies a large backlog over several frames, within the frame budget, each line once and in order', () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
    // A slow machine: every look at the clock finds a millisecond gone.
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => clock++);
    const term = useTerminalStore();
    const total = 20_000;
    // Out of order, as a history read (newest first) and live events may come.
    for (let i = total; i >= 1; i--) term.push(out(i, `line ${i}`));
    const sizes: number[] = [];
    while (frames.length) {
      frames.shift()!(0);
      sizes.push(term.lines.length);
    }
    expect(sizes.length).toBeGreaterThan(2);
    expect(sizes[0]).toBeGreaterThan(0);
    expect(sizes[0]).toBeLessThan(total);
    expect(term.lines.slice().map((l) => l.text)).toEqual(Array.from({ length: total }, (_, i) => `line ${i + 1}`));
    // A replay of lines already shown adds nothing.
    term.push(out(5, 'line 5'));
    frames.shift()!(0);
    expect(term.lines.length).toBe(total);
  });

  it('reads output events by hand as the AgentEvent schema does, and leaves the other kinds to the schema', () => {
    const valid = [out(1, 'a'), { type: 'thinking', agentId: 'agt_1', seq: 2, ts, text: 'hmm' }];
    for (const e of valid) expect(asOutputEvent(e)).toEqual(AgentEvent.parse(e));
    const broken = [
      { ...out(1, 'a'), stream: 'tty' },
      { ...out(1, 'a'), seq: -1 },
      { ...out(1, 'a'), seq: 1.5 },
      { ...out(1, 'a'), seq: '1' },
      { ...out(1, 'a'), text: 3 },
      { ...out(1, 'a'), agentId: undefined },
      { ...out(1, 'a'), ts: undefined },
      null,
      'output',
    ];
    for (const e of broken) {
      expect(asOutputEvent(e)).toBeUndefined();
      expect(AgentEvent.safeParse(e).success).toBe(false);
    }
    expect(asOutputEvent({ type: 'state', agentId: 'agt_1', seq: 3, ts, to: 'ready' })).toBeUndefined();
  });
});
