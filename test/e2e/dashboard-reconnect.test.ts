import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { wireSubject } from '@flywheel/kit';
import type { Stack } from '../support/index.ts';
import { openPage, signIn, startWithBrowser, stopWithBrowser } from './helpers/browser.ts';
import { waitEvent, waitState } from './helpers/agent-events.ts';

/**
 * Every row of the agent page's virtual terminal, read the way a person would: scroll from the top to the bottom
 * and note each drawn row by its index (`data-row`). A string, not a function: tsx would wrap named inner
 * functions in a `__name` helper the page lacks.
 */
async function terminalRows(page: Page): Promise<string[]> {
  return page.evaluate(`(async () => {
    const el = document.querySelector('[data-testid=terminal]');
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const rows = [];
    const total = Number(el.getAttribute('data-lines'));
    for (let top = 0; ; top += Math.max(1, el.clientHeight - 40)) {
      el.scrollTop = top;
      await frame();
      for (const r of el.querySelectorAll('[data-testid=term-line]')) rows[Number(r.getAttribute('data-row'))] = r.textContent.trim();
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) break;
    }
    if (rows.length !== total) throw new Error('read ' + rows.length + ' rows of ' + total);
    for (let i = 0; i < total; i++) if (rows[i] === undefined) throw new Error('row ' + i + ' never drawn');
    return rows;
  })()`);
}

/** The numbered lines (`n 17`, or `<tag> 17`) among the rows, as numbers, in the order the terminal shows them. */
const numbered = (rows: string[], tag = 'n') =>
  rows.flatMap((r) => (r.startsWith(`${tag} `) && /^\d+$/.test(r.slice(tag.length + 1)) ? [Number(r.slice(tag.length + 1))] : []));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);

describe('dashboard: the one WebSocket resumes from its cursor after the connection drops', () => {
  let s: Stack;
  let browser: Browser;

  beforeAll(async () => {
    // The hub as its own process, so it can be killed (-9) and restarted on the same port and data dir.
    ({ s, browser } = await startWithBrowser({
      services: [{ name: 'ws-hub', mode: 'process' }, 'gateway-api', { name: 'agent-runner', id: 'r-reconnect', env: { TMUX_POLL_MS: '50' } }],
    }));
  }, 120_000);
  afterAll(() => stopWithBrowser(s, browser));

  /** A desktop page signed in as the admin, on the agent's page with the socket open. */
  async function openAgentPage(id: string) {
    const opened = await openPage(browser, s.url);
    await signIn(opened.page, s.adminKey);
    await opened.page.waitForURL((u) => u.pathname === '/');
    await opened.page.goto(`/agents/${id}`);
    await opened.page.waitForSelector('[data-testid=connection][data-status=open]');
    return opened;
  }

  it('an agent streams numbered lines; the socket dies mid-stream and more lines come meanwhile; after the reconnect every line is shown once, in order', async () => {
    const spawn = await s.http('POST', '/agents', { driver: 'tmux', workingDirectory: s.tmp('fw-reconnect-'), command: ['sh'], env: { PS1: '$ ' } });
    expect(spawn.status).toBe(201);
    const id = spawn.body.id as string;
    await waitState(s, id, 'ready');
    const emit = async (from: number, to: number) => {
      expect((await s.http('POST', `/agents/${id}/send`, { message: `seq -f 'n %g' ${from} ${to}` })).status).toBe(202);
      await waitEvent(s, id, (e) => e.type === 'output' && e.text.split('\n').includes(`n ${to}`), `line n ${to} stored`);
    };

    const { ctx, page, errors } = await openAgentPage(id);

    // Live: the first lines arrive over the socket.
    await emit(1, 300);
    await page.locator('[data-testid=term-line]', { hasText: /^\s*n 300\s*$/ }).waitFor();

    // The network path dies under the page (the hub behind the gateway's /ws is killed), lines go on meanwhile.
    await s.kill('ws-hub');
    await page.waitForSelector('[data-testid=connection]:not([data-status=open])');
    await emit(301, 600);
    await s.restart('ws-hub');
    await page.waitForSelector('[data-testid=connection][data-status=open]', { timeout: 30_000 });

    // Live again after the resume.
    await emit(601, 900);
    await page.locator('[data-testid=term-line]', { hasText: /^\s*n 900\s*$/ }).waitFor();

    expect(numbered(await terminalRows(page))).toEqual(range(1, 900));
    // Expected noise: the socket's failed reconnects while the hub is down, and 503s from the services this stack
    // leaves out (safety, cost, coordination) that the app shell polls. Nothing else, and no uncaught error.
    const expected = /WebSocket connection to .*\/ws\?token=|status of 503 .*\/api\/v1\/(dcg|handoffs|conflicts|reservations|cost-analytics)\b/;
    expect(errors.filter((e) => !expected.test(e))).toEqual([]);
    await ctx.close();
  }, 120_000);

  it('lines only the hub has (published on NATS, not in the REST history) are replayed from the cursor after the drop', async () => {
    const spawn = await s.http('POST', '/agents', { driver: 'tmux', workingDirectory: s.tmp('fw-reconnect-'), command: ['sh'], env: { PS1: '$ ' } });
    const id = spawn.body.id as string;
    await waitState(s, id, 'ready');
    // Output events as the runner publishes them, straight onto the agent's output subject: the page can get them
    // only from the hub (live, or replayed from its cursor), never from the REST reload.
    const subject = wireSubject(s.nc, `agent.output.${id}`);
    let seq = 10_000_000;
    const publish = async (from: number, to: number) => {
      for (let i = from; i <= to; i++) {
        s.nc.publish(subject, JSON.stringify({ type: 'output', agentId: id, seq: seq++, ts: new Date().toISOString(), stream: 'stdout', text: `h ${i}` }));
      }
      await s.nc.flush();
    };

    const { ctx, page } = await openAgentPage(id);
    // The agent's channel is subscribed when its first live line shows.
    await publish(1, 1);
    await page.locator('[data-testid=term-line]', { hasText: /^\s*h 1\s*$/ }).waitFor();
    await publish(2, 200);
    await page.locator('[data-testid=term-line]', { hasText: /^\s*h 200\s*$/ }).waitFor();

    await s.kill('ws-hub');
    await page.waitForSelector('[data-testid=connection]:not([data-status=open])');
    await publish(201, 400);
    await s.restart('ws-hub');
    await page.waitForSelector('[data-testid=connection][data-status=open]', { timeout: 30_000 });
    await publish(401, 600);
    await page.locator('[data-testid=term-line]', { hasText: /^\s*h 600\s*$/ }).waitFor();

    expect(numbered(await terminalRows(page), 'h')).toEqual(range(1, 600));
    await ctx.close();
  }, 120_000);
});
