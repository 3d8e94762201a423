import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Stack } from '../support/index.ts';
import { openPage, PHONE, startWithBrowser, stopWithBrowser } from './helpers/browser.ts';

/** The installable app: the gateway serves the built dashboard over http://127.0.0.1, which counts as secure. */
describe('dashboard PWA: the service worker activates and the app shell opens offline', () => {
  let s: Stack;
  let browser: Browser;

  beforeAll(async () => {
    ({ s, browser } = await startWithBrowser({ services: ['ws-hub', 'gateway-api'] }));
  }, 120_000);
  afterAll(() => stopWithBrowser(s, browser));

  it('registers /sw.js, activates it, controls the page; offline the shell still opens and the API is never served from the cache', async () => {
    expect(new URL(s.url).hostname).toMatch(/^(127\.0\.0\.1|localhost)$/);
    const { ctx, page, errors } = await openPage(browser, s.url, PHONE);
    await page.goto('/login');
    await page.waitForSelector('[data-testid=api-key]');
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);

    // Registered and activated (the worker skips waiting and claims open pages).
    const sw = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      const w = reg.active!;
      if (w.state !== 'activated') await new Promise((r) => w.addEventListener('statechange', () => w.state === 'activated' && r(undefined)));
      return { script: new URL(w.scriptURL).pathname, state: w.state, scope: new URL(reg.scope).pathname };
    });
    expect(sw).toEqual({ script: '/sw.js', state: 'activated', scope: '/' });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    expect(errors).toEqual([]);

    // Offline: a fresh navigation (a deep link, as the home-screen app opens it) renders the app from the cache.
    await ctx.setOffline(true);
    await page.goto('/inbox');
    await page.waitForURL((u) => u.pathname === '/login');
    await page.waitForSelector('[data-testid=api-key]');
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    // The API is passed through to the (unreachable) network, never answered from the cache.
    const api = await page.evaluate(() =>
      fetch('/api/v1/auth/me').then(
        (r) => `status ${r.status}`,
        () => 'network error',
      ),
    );
    expect(api).toBe('network error');

    // Online again: the same page signs in against the gateway.
    await ctx.setOffline(false);
    await page.fill('[data-testid=api-key]', s.adminKey);
    await page.click('[data-testid=login]');
    await page.waitForURL((u) => u.pathname === '/inbox');
    await page.waitForSelector('[data-testid=connection][data-status=open]');
    await ctx.close();
  }, 60_000);
});
