/**
 * The Velocity page in headless Chromium against the real gateway, coordination, cost, safety and a runner: tasks
 * created, claimed and completed over REST show as completions with lead and cycle times and the work metrics; one
 * more completion arrives live (a workspace:tasks event, no reload); the charts draw with ECharts.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Stack } from '../support/index.ts';
import { openPage, PHONE, screenshotsDir, signIn, startWithBrowser, stopWithBrowser } from './helpers/browser.ts';

const P = 'prj_webvelocity001';

describe('Velocity page: metrics and live updates in real Chromium', () => {
  let s: Stack;
  let browser: Browser;
  let key: string;
  let shots: string;

  const finish = async (title: string, type: string) => {
    const created = await s.http('POST', '/tasks', { projectId: P, title, type }, { account: 'acct-a' });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;
    const claimed = await s.http('POST', `/tasks/${id}/claim`, { agentId: 'agt_webvel1' }, { account: 'acct-a' });
    expect(claimed.status, claimed.text).toBe(200);
    const done = await s.http('POST', `/tasks/${id}/complete`, { note: 'done' }, { account: 'acct-a' });
    expect(done.status, done.text).toBe(200);
    return id;
  };

  beforeAll(async () => {
    ({ s, browser } = await startWithBrowser({ services: ['ws-hub', 'safety', 'cost', 'coordination', 'gateway-api', { name: 'agent-runner', id: 'r-vel' }] }));
    key = await s.key('viewer', 'acct-a');
    await finish('Design the schema', 'task');
    await finish('Fix the login bug', 'bug');
    // Rework: the bug comes back.
    const items = (await s.http('GET', `/tasks?projectId=${P}`, undefined, { account: 'acct-a' })).body.items as { id: string; title: string }[];
    const bug = items.find((t) => t.title === 'Fix the login bug')!;
    const reopened = await s.http('PATCH', `/tasks/${bug.id}`, { status: 'open' }, { account: 'acct-a' });
    expect(reopened.status, reopened.text).toBe(200);
    shots = screenshotsDir();
  }, 120_000);
  afterAll(() => stopWithBrowser(s, browser));

  it('shows completions, times, rework and the work metrics; a new completion arrives live; no console errors', async () => {
    const { ctx, page, errors } = await openPage(browser, s.url);
    await signIn(page, key);
    await page.waitForSelector('[data-testid=connection][data-status=open]');
    await page.click('[data-testid=nav-velocity]');
    await page.waitForURL((u) => u.pathname === '/velocity');
    await page.fill('[data-testid=velocity-project]', P);
    await page.click('[data-testid=velocity-open]');
    const value = (id: string) => page.locator(`[data-testid=velocity-${id}] [data-testid=velocity-value]`);
    await value('completed').filter({ hasText: /^2$/ }).waitFor();
    expect(await value('rework').textContent()).toBe('1');
    // Claimed over REST for an agent no runner knows: no agent-hours, tool calls, guard blocks or branches.
    expect(await value('agent-hours').textContent()).toBe('0.00');
    for (const id of ['tool-calls', 'guard-blocks', 'merges', 'lines']) expect(await value(id).textContent()).toBe('0');
    expect(await value('cycle').textContent()).toMatch(/^\d+s \/ \d+s$/);
    expect(await page.locator('[data-testid=velocity-types]').textContent()).toContain('bug');
    await page.waitForSelector('[data-testid=velocity-throughput][data-days="1"] canvas');
    expect(await page.locator('.chart canvas').count()).toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: join(shots, 'velocity-desktop.png') });

    // Another completion: the page hears workspace:tasks and reads velocity again.
    await finish('Build the API', 'feature');
    await value('completed').filter({ hasText: /^3$/ }).waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid=velocity-types]').textContent()).toContain('feature');
    await ctx.close();
    expect(errors).toEqual([]);
  }, 120_000);

  it('at a 390 px phone width the metrics wrap without sideways scrolling; no console errors', async () => {
    const { ctx, page, errors } = await openPage(browser, s.url, PHONE);
    await signIn(page, key, `/velocity?project=${P}`);
    await page.waitForURL((u) => u.pathname === '/velocity');
    await page.locator('[data-testid=velocity-completed] [data-testid=velocity-value]').filter({ hasText: /^\d+$/ }).waitFor();
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(widths[0], 'no sideways scrolling').toBeLessThanOrEqual(widths[1]!);
    await page.screenshot({ path: join(shots, 'velocity-phone.png') });
    await ctx.close();
    expect(errors).toEqual([]);
  }, 60_000);
});
