// Dashboard latency in a real browser: an agent output line published to NATS → the hub → the gateway's /ws →
// the app's one WebSocket → the terminal store → the line in the agent page's terminal (the DOM of the
// virtualised list), p50/p99 at 200 lines/s. Baseline in the same run: a bare `ws` server sending the same line
// to a bare page that appends it to a div (no NATS, hub, gateway, Vue). Target p99 ≤ 50 ms.
// Then 100,000 lines stream into the agent page while a PerformanceObserver counts long tasks (> 50 ms).
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/e2e/helpers/browser.ts';
import { wireSubject } from '@flywheel/kit';
import { percentile, reportLatency } from './lib.ts';
import { startStack } from '../test/support/index.ts';
import buildWebIfStale from '../test/global-setup.ts';

const RATE = 200;
const LINES = Number(process.env.BENCH_LINES ?? 2_000);
const FLOOD = 100_000;

/** Epoch milliseconds with sub-ms precision, comparable between Node and the page on one host. */
const epoch = () => performance.timeOrigin + performance.now();

/**
 * In the page: watches `selector` for lines `<tag> <i>` and notes each time a higher i than before is on screen.
 * A virtual list may scroll past a line without ever drawing it (a batch longer than the overscan), so line k has
 * arrived when the first line j ≥ k is drawn. Rows are reused, so text changes count as well as new nodes.
 */
async function watchLines(page: Page, selector: string, tag: string): Promise<void> {
  // A string, not a function: tsx would wrap named inner functions in a `__name` helper the page lacks.
  await page.evaluate(`(() => {
    window.__hits = [];
    window.__max = -1;
    if (window.__observer) window.__observer.disconnect();
    const root = document.querySelector(${JSON.stringify(selector)});
    const check = (el, t) => {
      const m = /^${tag} (\\d+)$/.exec((el && el.textContent) || '');
      if (m && +m[1] > window.__max) {
        window.__max = +m[1];
        window.__hits.push([+m[1], t]);
      }
    };
    // Kept so the next round (and the flood) can disconnect it: observe() returns nothing.
    window.__observer = new MutationObserver((records) => {
      const t = performance.timeOrigin + performance.now();
      for (const r of records) {
        if (r.type === 'characterData') check(r.target.parentElement, t);
        else {
          if (r.target.nodeType === 1) check(r.target, t);
          for (const n of r.addedNodes) check(n.nodeType === 1 ? n : n.parentElement, t);
        }
      }
    });
    window.__observer.observe(root, { childList: true, subtree: true, characterData: true });
  })()`);
}

const maxSeen = (page: Page) => page.evaluate(() => (window as unknown as { __max: number }).__max);

/** Latency of each sent line: the first time a line at or after it was on screen, minus when it was sent. */
async function latencies(page: Page, sent: number[]): Promise<number[]> {
  const hits = await page.evaluate(() => (window as unknown as { __hits: [number, number][] }).__hits);
  const out: number[] = [];
  let h = 0;
  for (let k = 0; k < sent.length; k++) {
    while (hits[h][0] < k) h++;
    out.push(hits[h][1] - sent[k]);
  }
  return out.sort((a, b) => a - b);
}

/** Long tasks (> 50 ms) the page reports from now on. */
const countLongTasks = (page: Page) =>
  page.evaluate(`(() => {
    window.__long = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration))).observe({ type: 'longtask', buffered: false });
  })()`);
const longTasks = async (page: Page) => (await page.evaluate(() => (window as unknown as { __long: number[] }).__long)).slice().sort((a, b) => a - b);
const describeLong = (long: number[]) =>
  `${long.length} long tasks > 50 ms${long.length ? ` (max ${long.at(-1)!.toFixed(0)} ms, p50 ${percentile(long, 50).toFixed(0)} ms)` : ''}`;

/** Calls `send(i)` RATE times a second until `n` were sent. */
async function paced(n: number, send: (i: number) => void): Promise<void> {
  const t0 = epoch();
  let i = 0;
  while (i < n) {
    const due = Math.min(n, Math.floor(((epoch() - t0) * RATE) / 1000));
    while (i < due) send(i++);
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function until(what: string, ok: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!(await ok())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

buildWebIfStale();
const browser = await launchChromium();

// Baseline: bare ws → bare page.
const http = createServer((_req, res) => res.end('<!doctype html><div id="log"></div>'));
const wss = new WebSocketServer({ server: http });
await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
const port = (http.address() as { port: number }).port;
const barePage = await (await browser.newContext()).newPage();
await barePage.goto(`http://127.0.0.1:${port}/`);
const connected = new Promise<import('ws').WebSocket>((r) => wss.once('connection', r));
await barePage.evaluate(`(() => {
  const log = document.getElementById('log');
  const ws = new WebSocket('ws://127.0.0.1:${port}/');
  window.__received = 0;
  ws.onmessage = (ev) => {
    const div = document.createElement('div');
    div.className = 'line';
    div.textContent = JSON.parse(String(ev.data)).text;
    log.appendChild(div);
    window.__received++;
    // Like a terminal's visible rows: the newest 100 stay in the DOM.
    if (log.childElementCount > 100) log.firstElementChild.remove();
  };
})()`);
const bareWs = await connected;

// The dashboard against the real stack: gateway (serving web/dist) + ws-hub + a runner with one tmux agent.
const s = await startStack({ services: ['ws-hub', 'gateway-api', { name: 'agent-runner', id: 'r-bench' }] });
const spawn = await s.http('POST', '/agents', { driver: 'tmux', workingDirectory: s.tmp('fw-bench-agent-'), command: ['sh'] });
const agentId = spawn.body.id as string;
const ctx = await browser.newContext({ baseURL: s.url, viewport: { width: 1280, height: 860 } });
const page = await ctx.newPage();
// Notes when each measured line reaches the page's WebSocket (before the app sees it), to split the latency into
// the stack's part (NATS → hub → gateway → socket) and the page's (socket → terminal DOM).
await page.addInitScript(`(() => {
  window.__arrived = new Map();
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (ev) => {
        if (!window.__recording) return;
        // Every line of the message: an events frame carries many.
        const t = performance.timeOrigin + performance.now();
        for (const m of String(ev.data).matchAll(/"text":"dash\\d+ (\\d+)"/g)) if (!window.__arrived.has(+m[1])) window.__arrived.set(+m[1], t);
      });
    }
  };
})()`);
await page.goto('/login');
await page.fill('[data-testid=api-key]', s.adminKey);
await page.click('[data-testid=login]');
await page.waitForURL((u) => u.pathname === '/');
await page.goto(`/agents/${agentId}`);
await page.waitForSelector('[data-testid=terminal]');
await page.waitForSelector('[data-testid=connection][data-status=open]');
const subject = wireSubject(s.nc, `agent.output.${agentId}`);
let seq = 10_000_000;
const line = (text: string) => JSON.stringify({ type: 'output', agentId, seq: seq++, ts: new Date().toISOString(), stream: 'stdout', text });
// The page subscribes to agent:output:ID as it opens; wait until a probe line arrives before measuring.
await until(
  'the agent channel',
  async () => {
    s.nc.publish(subject, line('probe'));
    return (await page.locator('[data-testid=term-line]', { hasText: 'probe' }).count()) > 0;
  },
  30_000,
);

async function measureBare(tag: string): Promise<number[]> {
  await barePage.evaluate(() => (document.getElementById('log')!.textContent = ''));
  await watchLines(barePage, '#log', tag);
  const bareSent: number[] = [];
  await paced(LINES, (i) => {
    bareSent.push(epoch());
    bareWs.send(JSON.stringify({ type: 'output', text: `${tag} ${i}` }));
  });
  await until('bare lines', async () => (await maxSeen(barePage)) >= LINES - 1);
  return latencies(barePage, bareSent);
}
async function measureDash(tag: string): Promise<{ dom: number[]; socket: number[] }> {
  await page.evaluate(() => {
    const w = window as unknown as { __arrived: Map<number, number>; __recording: boolean };
    w.__arrived.clear();
    w.__recording = true;
  });
  await watchLines(page, '[data-testid=terminal]', tag);
  const sent: number[] = [];
  await paced(LINES, (i) => {
    sent.push(epoch());
    s.nc.publish(subject, line(`${tag} ${i}`));
  });
  await until('dashboard lines', async () => (await maxSeen(page)) >= LINES - 1);
  const arrived = await page.evaluate(() => {
    const w = window as unknown as { __arrived: Map<number, number>; __recording: boolean; __observer?: MutationObserver };
    w.__recording = false;
    w.__observer?.disconnect();
    return [...w.__arrived];
  });
  const socket = arrived.map(([i, t]) => t - sent[i]).sort((a, b) => a - b);
  return { dom: await latencies(page, sent), socket };
}
// Alternated, twice: the machine is shared, so each dashboard round is compared with a bare round next to it.
for (let round = 1; round <= Number(process.env.BENCH_ROUNDS ?? 2); round++) {
  const bare = await measureBare(`bare${round}`);
  const dash = await measureDash(`dash${round}`);
  reportLatency(`round ${round}: NATS → agent page terminal, ${RATE} lines/s, ${LINES} lines (vs bare ws → page)`, dash.dom, bare, 'p99 ≤ 50 ms');
  reportLatency(`  of which NATS → the page's socket (hub, gateway)`, dash.socket, bare);
}

// Baseline for the flood: the same 100,000 lines, paced the same way, into the bare page (a div per line, the newest
// 100 kept).
await barePage.evaluate(() => (window as unknown as { __observer?: MutationObserver }).__observer?.disconnect());
await barePage.evaluate(() => (document.getElementById('log')!.textContent = ''));
const bareBefore = await barePage.evaluate(() => (window as unknown as { __received: number }).__received);
await countLongTasks(barePage);
const tb = epoch();
for (let i = 0; i < FLOOD; i += 500) {
  for (let k = i; k < i + 500; k++) bareWs.send(JSON.stringify({ type: 'output', text: `flood ${k}` }));
  await new Promise((r) => setTimeout(r, 20));
}
await until(
  '100,000 lines in the bare page',
  async () => (await barePage.evaluate(() => (window as unknown as { __received: number }).__received)) >= bareBefore + FLOOD,
  300_000,
);
const bareFloodMs = epoch() - tb;
const bareLong = await longTasks(barePage);
await barePage.evaluate(() => (document.getElementById('log')!.textContent = ''));

// 100,000 lines into the agent page; long tasks counted by the browser itself.
// BENCH_CPU_PROFILE=file.cpuprofile records the page's main thread meanwhile (CDP Profiler; open it in DevTools,
// or `node --import tsx bench/cpuprofile-top.ts file`).
const cdp = process.env.BENCH_CPU_PROFILE ? await ctx.newCDPSession(page) : undefined;
if (cdp) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
}
// BENCH_TRACE=file.json records a Chromium trace meanwhile (timeline, GC and sampled JS stacks; `node --import tsx
// bench/trace-long-tasks.ts file.json` lists what each long task was made of). Tracing adds its own overhead.
if (process.env.BENCH_TRACE)
  await browser.startTracing(page, {
    path: process.env.BENCH_TRACE,
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'disabled-by-default-v8.cpu_profiler', 'blink.user_timing'],
  });
await countLongTasks(page);
const before = Number(await page.getAttribute('[data-testid=terminal]', 'data-lines'));
const t0 = epoch();
for (let i = 0; i < FLOOD; i += 500) {
  for (let k = i; k < i + 500; k++) s.nc.publish(subject, line(`flood ${k}`));
  await s.nc.flush();
  await new Promise((r) => setTimeout(r, 20));
}
await until('100,000 lines in the terminal', async () => Number(await page.getAttribute('[data-testid=terminal]', 'data-lines')) >= before + FLOOD, 300_000);
const floodMs = epoch() - t0;
if (cdp) {
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync(process.env.BENCH_CPU_PROFILE!, JSON.stringify(profile));
}
if (process.env.BENCH_TRACE) await browser.stopTracing();
const long = await longTasks(page);
process.stdout.write(
  `  100,000 lines streamed into the agent page in ${(floodMs / 1000).toFixed(1)} s (${Math.round(FLOOD / (floodMs / 1000))} lines/s): ${describeLong(long)}; target none\n`,
);
process.stdout.write(
  `  baseline: the same into the bare page in ${(bareFloodMs / 1000).toFixed(1)} s (${Math.round(FLOOD / (bareFloodMs / 1000))} lines/s): ${describeLong(bareLong)}\n`,
);

await ctx.close();
await browser.close();
await s.stop();
wss.close();
http.close();
process.exit(0);
