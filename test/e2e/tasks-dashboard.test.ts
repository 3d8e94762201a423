/**
 * The Tasks page in headless Chromium against the real gateway, coordination service and hub: create two tasks
 * (the second depending on the first) from the page, see the second blocked, complete the first over REST as an
 * agent would, and see the second move to Ready live (a workspace:tasks event, no reload); the graph draws both.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Stack } from '../support/index.ts';
import { openPage, PHONE, screenshotsDir, signIn, startWithBrowser, stopWithBrowser } from './helpers/browser.ts';

const P = 'prj_webtasks000001';

describe('Tasks page: board, dependencies and live moves in real Chromium', () => {
  let s: Stack;
  let browser: Browser;
  let key: string;
  let shots: string;

  beforeAll(async () => {
    // Safety, cost and a runner answer what every signed-in page reads (inbox, budgets, agents).
    ({ s, browser } = await startWithBrowser({ services: ['ws-hub', 'safety', 'cost', 'coordination', 'gateway-api', { name: 'agent-runner', id: 'r-web' }] }));
    key = await s.key('operator', 'acct-a');
    // An autopilot set up but off, so the panel has something to show (a project without one answers 404).
    const ap = await s.http(
      'PUT',
      `/tasks/autopilot/${P}`,
      { enabled: false, workingDirectory: s.tmp('fw-web-tasks-'), maxConcurrency: 2 },
      { account: 'acct-a' },
    );
    expect(ap.status, ap.text).toBe(200);
    shots = screenshotsDir();
  }, 120_000);
  afterAll(() => stopWithBrowser(s, browser));

  it('creates two tasks with a dependency; the blocked one moves to Ready when the first is done; no console errors', async () => {
    const { ctx, page, errors } = await openPage(browser, s.url);
    await signIn(page, key);
    await page.waitForSelector('[data-testid=connection][data-status=open]');
    await page.click('[data-testid=nav-tasks]');
    await page.waitForURL((u) => u.pathname === '/tasks');
    await page.fill('[data-testid=tasks-project]', P);
    await page.click('[data-testid=tasks-open]');
    await page.waitForSelector('[data-testid=autopilot-state]:text-is("off")');

    const column = (c: string) => page.locator(`[data-testid=column-${c}]`);
    await page.click('[data-testid=task-new]');
    await page.fill('[data-testid=task-form-title]', 'Design the schema');
    await page.selectOption('[data-testid=task-form-priority]', '1');
    await page.click('[data-testid=task-form-save]');
    await column('ready').locator('[data-testid=task-card]', { hasText: 'Design the schema' }).waitFor();

    await page.click('[data-testid=task-new]');
    await page.fill('[data-testid=task-form-title]', 'Build the API');
    await page.fill('[data-testid=task-form-labels]', 'backend');
    await page.click('[data-testid=task-form-add-dep]');
    await page.click('[data-testid=task-form-save]');
    const api = column('blocked').locator('[data-testid=task-card]', { hasText: 'Build the API' });
    await api.waitFor();
    const first = await column('ready').locator('[data-testid=task-card]', { hasText: 'Design the schema' }).getAttribute('data-task');
    expect(await api.locator('[data-testid=task-blocked-by]').textContent()).toContain(first!);
    await page.screenshot({ path: join(shots, 'tasks-desktop.png') });

    // An agent completes the first task over REST: the page hears it on workspace:tasks and moves both cards.
    const done = await s.http('POST', `/tasks/${first}/complete`, { note: 'done by an agent' }, { account: 'acct-a' });
    expect(done.status, done.text).toBe(200);
    await column('ready').locator('[data-testid=task-card]', { hasText: 'Build the API' }).waitFor({ timeout: 15_000 });
    await column('done').locator('[data-testid=task-card]', { hasText: 'Design the schema' }).waitFor();

    // The graph draws both tasks and the dependency with ECharts.
    await page.click('[data-testid=tab-graph]');
    await page.waitForSelector('[data-testid=task-graph][data-nodes="2"][data-edges="1"] canvas');
    await page.screenshot({ path: join(shots, 'tasks-graph-desktop.png') });
    await ctx.close();
    expect(errors).toEqual([]);
  }, 120_000);

  it('at a 390 px phone width the board stacks its columns and keeps its controls; no console errors', async () => {
    const { ctx, page, errors } = await openPage(browser, s.url, PHONE);
    await signIn(page, key, `/tasks?project=${P}`);
    await page.waitForURL((u) => u.pathname === '/tasks');
    await page.locator('[data-testid=column-ready] [data-testid=task-card]', { hasText: 'Build the API' }).waitFor();
    await page.locator('[data-testid=task-card]', { hasText: 'Build the API' }).locator('[data-testid=task-raise]').waitFor();
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(widths[0], 'no sideways scrolling').toBeLessThanOrEqual(widths[1]!);
    await page.screenshot({ path: join(shots, 'tasks-phone.png') });
    await ctx.close();
    expect(errors).toEqual([]);
  }, 60_000);
});
