import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { waitFor } from '@flywheel/kit/testing';
import { startScriptedModel, type ScriptedModel } from '@flywheel/scripted-model';
import { startStack, type Stack } from '../support/index.ts';
import { claudeEnv, MODEL } from './helpers/agent-cli.ts';
import { DESKTOP, launchChromium, openPage, PHONE, screenshotsDir } from './helpers/browser.ts';

const bash = (command: string, text?: string) => ({
  model: MODEL,
  content: [...(text ? [{ type: 'text' as const, text }] : []), { type: 'tool_use' as const, name: 'Bash', input: { command, description: 'run' } }],
  usage: { input_tokens: 1200, output_tokens: 80 },
});
const say = (text: string) => ({ model: MODEL, content: [{ type: 'text' as const, text }], usage: { input_tokens: 900, output_tokens: 40 } });
const ASK_PACK = JSON.stringify({
  id: 'test.held',
  name: 'Held files',
  description: 'touch held-* needs a human',
  keywords: ['held-'],
  rules: [{ id: 'touch-held', severity: 'medium', action: 'ask', explanation: 'Creating held-* files needs a human.', pattern: 'touch\\s+held-' }],
});

describe('dashboard: the built web app in headless Chromium against the full stack and a real Claude Code agent', () => {
  let s: Stack;
  let model: ScriptedModel;
  let browser: Browser;
  let key: string;
  let shots: string;

  beforeAll(async () => {
    model = await startScriptedModel();
    s = await startStack({
      services: [
        'ws-hub',
        { name: 'safety', env: { APPROVAL_TIMEOUT_MS: '90000' } },
        { name: 'cost', env: { COST_TICK_MS: '200' } },
        'coordination',
        'gateway-api',
        // A held tool call waits for the person in the browser.
        { name: 'agent-runner', id: 'r-web', env: { GUARD_TIMEOUT_MS: '120000' } },
      ],
    });
    expect((await s.http('POST', '/dcg/packs', { format: 'json', content: ASK_PACK })).status).toBe(201);
    key = await s.key('admin', 'acct-a');
    browser = await launchChromium();
    shots = screenshotsDir();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await model?.close();
    await s?.stop();
  });

  async function flow(ctxOpts: BrowserContextOptions, label: 'desktop' | 'phone') {
    const phone = label === 'phone';
    const { ctx, page, errors } = await openPage(browser, s.url, ctxOpts);
    page.on('dialog', (d) => void d.accept());
    const shot = (name: string) => page.screenshot({ path: join(shots, `${name}-${label}.png`), fullPage: false });
    const nav = async (name: string) => {
      if (phone) await page.click('.menu-btn');
      await page.click(`[data-testid=nav-${name}]`);
    };

    // Log in: every page needs a key; the key stays in this tab's sessionStorage.
    await page.goto('/agents');
    await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === '/agents');
    await shot('login');
    await page.fill('[data-testid=api-key]', 'fwk_not-a-key-000000000000000000');
    await page.click('[data-testid=login]');
    await page.waitForSelector('[data-testid=error]');
    expect(await page.textContent('[data-testid=error]')).toMatch(/UNAUTHORIZED/);
    // The browser itself logs the refused request; that one error is the point of this step.
    expect(errors.splice(0)).toEqual([expect.stringMatching(/401 .*\/api\/v1\/auth\/me/)]);
    await page.fill('[data-testid=api-key]', key);
    await page.click('[data-testid=login]');
    await page.waitForURL(/\/agents$/);
    await page.waitForSelector('[data-testid=connection][data-status=open]');

    // Spawn a real Claude Code agent on the scripted model from the dialog.
    const scriptKey = `dash-${label}`;
    model.setScript(scriptKey, [
      bash('touch held-approved', `Starting work (${label}).`),
      bash('touch held-denied'),
      say(`All done (${label}).`),
      bash('node -e "setTimeout(() => {}, 60000)"', 'Waiting a while.'),
    ]);
    const dir = s.tmp('fw-dash-');
    const env = claudeEnv(model.url, scriptKey, s.tmp('fw-dash-home-'));
    await page.click('[data-testid=spawn-open]');
    await page.fill('[data-testid=spawn-dir]', dir);
    await page.fill('[data-testid=spawn-name]', `web-${label}`);
    await page.fill('[data-testid=spawn-model]', MODEL);
    await page.fill('[data-testid=spawn-prompt]', 'make the held files');
    await page.fill(
      '[data-testid=spawn-env]',
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
    );
    await page.click('[data-testid=spawn-submit]');
    await page.waitForURL(/\/agents\/[^/]+$/);
    const agentId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

    // Its output appears live in the terminal.
    await page.locator('[data-testid=term-line]', { hasText: `Starting work (${label}).` }).waitFor({ timeout: 60_000 });
    await shot('agent');

    // The held command arrives in the Inbox; approving it lets the agent go on.
    await nav('inbox');
    const approved = page.locator('[data-testid=inbox-item]', { has: page.locator('[data-testid=command]', { hasText: 'touch held-approved' }) });
    await approved.waitFor({ timeout: 30_000 });
    expect(await approved.locator('[data-testid=rule]').textContent()).toContain('test.held:touch-held');
    await shot('inbox');
    await approved.locator('[data-testid=approve-once]').click();
    await approved.waitFor({ state: 'detached' });
    await waitFor(() => existsSync(join(dir, 'held-approved')), { what: 'approved command ran', timeoutMs: 30_000 });

    // The next one is denied: it never runs, and the agent carries on without it.
    const denied = page.locator('[data-testid=inbox-item]', { has: page.locator('[data-testid=command]', { hasText: 'touch held-denied' }) });
    await denied.waitFor({ timeout: 30_000 });
    await denied.locator('[data-testid=deny]').click();
    await denied.waitFor({ state: 'detached' });
    await page.waitForSelector('[data-testid=empty]');

    await page.goto(`/agents/${agentId}`);
    await page.locator('[data-testid=term-line]', { hasText: `All done (${label}).` }).waitFor({ timeout: 30_000 });
    expect(existsSync(join(dir, 'held-denied'))).toBe(false);
    await page.waitForSelector('[data-testid=agent-state]:text-is("ready")', { timeout: 30_000 });

    // Interrupt a long turn from the page.
    await page.fill('[data-testid=send-input]', 'wait a while');
    await page.click('[data-testid=send]');
    await page.locator('[data-testid=term-line]', { hasText: 'Waiting a while.' }).waitFor({ timeout: 30_000 });
    await page.waitForSelector('[data-testid=agent-state]:text-is("executing")');
    await page.click('[data-testid=interrupt]');
    await page.waitForSelector('[data-testid=agent-state]:text-is("ready")', { timeout: 30_000 });
    await shot('agent-after');

    // The refusal is on the Safety page.
    await nav('safety');
    await page.locator('[data-testid=decisions] tr', { hasText: 'touch held-denied' }).filter({ hasText: 'deny' }).first().waitFor({ timeout: 15_000 });
    await shot('dcg');

    // Its cost is on the Costs page.
    await nav('costs');
    await page.locator('[data-testid=top-spenders] tr', { hasText: agentId }).waitFor({ timeout: 30_000 });
    expect(await page.textContent('[data-testid=cost-total-value]')).not.toBe('$0.00');
    await page.waitForSelector('canvas');
    await shot('cost-analytics');

    for (const [name, path] of [
      ['overview', '/'],
      ['agents', '/agents'],
      ['coordination', '/coordination'],
      ['fleet', '/fleet'],
      ['alerts', '/alerts'],
      ['audit', '/audit'],
      ['accounts', '/accounts'],
    ] as const) {
      if (path === '/') {
        if (phone) await page.click('.menu-btn');
        await page.click('[data-testid=nav-overview]');
      } else await nav(name);
      await page.waitForURL((u) => u.pathname === path);
      await page.waitForFunction(() => !document.querySelector('[data-testid=loading]'));
      expect(await page.locator('[data-testid=error]').count(), `${path} shows an error`).toBe(0);
      await shot(name === 'overview' ? 'overview' : name);
    }
    // Installable: the manifest is served and the service worker is registered.
    const manifest = (await (await page.request.get('/manifest.webmanifest')).json()) as { display: string; icons: unknown[] };
    expect([manifest.display, manifest.icons.length > 0]).toEqual(['standalone', true]);
    await page.waitForFunction(() => navigator.serviceWorker.getRegistration().then((r) => !!r), undefined, { timeout: 15_000 });
    await ctx.close();
    return errors;
  }

  it('desktop: log in, spawn, watch output live, approve and deny from the Inbox, interrupt, see the cost; no console errors', async () => {
    expect(await flow(DESKTOP, 'desktop')).toEqual([]);
  }, 240_000);

  it('the same at a 390 px phone width', async () => {
    expect(await flow(PHONE, 'phone')).toEqual([]);
  }, 240_000);
});
