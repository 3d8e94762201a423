import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { startStack, type Stack, type StackOptions } from '../../support/index.ts';

/** Debian's chromium (`apt-get install chromium`; .ci/run installs it when missing). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = (): boolean => existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A stack of real services, then headless Chromium; the stack is stopped again when Chromium does not start. */
export async function startWithBrowser(opts: StackOptions): Promise<{ s: Stack; browser: Browser }> {
  const s = await startStack(opts);
  try {
    return { s, browser: await launchChromium() };
  } catch (err) {
    await s.stop();
    throw err;
  }
}

/** Closes Chromium, then stops the stack (either is missing when its start failed). */
export async function stopWithBrowser(s: Stack | undefined, browser: Browser | undefined): Promise<void> {
  await browser?.close();
  await s?.stop();
}

/** A desktop in the dark theme, a phone in the light one: the screenshots show both. */
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 860 }, colorScheme: 'dark' };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  colorScheme: 'light',
};

/** Every console error and uncaught page error of a page, to assert there were none. */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/** docs/screenshots, where the browser tests leave what a person would see; made when missing. */
export function screenshotsDir(): string {
  const dir = join(import.meta.dirname, '../../../docs/screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A fresh context at the stack's address (a desktop unless told) and one page in it, its console errors collected. */
export async function openPage(
  browser: Browser,
  baseURL: string,
  device: BrowserContextOptions = DESKTOP,
): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  const ctx = await browser.newContext({ ...device, baseURL });
  const page = await ctx.newPage();
  return { ctx, page, errors: consoleErrors(page) };
}

/** Signs in on the login page with an API key (then to `next`, when given) and waits until the page has left /login. */
export async function signIn(page: Page, key: string, next?: string): Promise<void> {
  await page.goto(next === undefined ? '/login' : `/login?next=${encodeURIComponent(next)}`);
  await page.fill('[data-testid=api-key]', key);
  await page.click('[data-testid=login]');
  await page.waitForURL((u) => u.pathname !== '/login');
}
