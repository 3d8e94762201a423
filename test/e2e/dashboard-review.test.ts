import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Stack } from '../support/index.ts';
import { waitState } from './helpers/agent-events.ts';
import { openPage, PHONE, screenshotsDir, signIn, startWithBrowser, stopWithBrowser } from './helpers/browser.ts';

const ID = { GIT_AUTHOR_NAME: 'user', GIT_AUTHOR_EMAIL: 'u@u', GIT_COMMITTER_NAME: 'user', GIT_COMMITTER_EMAIL: 'u@u' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe', env: { ...process.env, ...ID } }).toString();

describe("dashboard review: a worktree agent's diff, a line comment and the merge preview in headless Chromium", () => {
  let s: Stack;
  let browser: Browser;
  let key: string;
  let shots: string;

  beforeAll(async () => {
    ({ s, browser } = await startWithBrowser({
      services: [
        'ws-hub',
        'safety',
        'cost',
        'coordination',
        'gateway-api',
        { name: 'agent-runner', id: 'r-review', env: { TMUX_POLL_MS: '50', CHECKPOINT_EVERY_MESSAGES: '0' } },
      ],
    }));
    key = await s.key('admin', 'acct-a');
    shots = screenshotsDir();
  }, 120_000);
  afterAll(() => stopWithBrowser(s, browser));

  it('opens the review tab, sees the changed file highlighted, comments on a line, sees the merge target', async () => {
    const repo = s.tmp('fw-review-repo-');
    git(repo, 'init', '-q', '-b', 'main');
    mkdirSync(join(repo, 'src'));
    writeFileSync(join(repo, 'src', 'calc.ts'), 'export function add(a: number, b: number) {\n  return a - b;\n}\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'init');
    const sp = await s.http('POST', '/agents', {
      driver: 'tmux',
      name: 'rev',
      isolation: 'worktree',
      workingDirectory: repo,
      command: ['sh'],
      env: { PS1: '$ ' },
    });
    expect(sp.status).toBe(201);
    const id = sp.body.id as string;
    const wt = sp.body.worktree.path as string;
    await waitState(s, id, 'ready');
    // The agent's work: one commit on its branch.
    writeFileSync(join(wt, 'src', 'calc.ts'), 'export function add(a: number, b: number) {\n  // fixed\n  return a + b;\n}\n');
    git(wt, 'commit', '-qam', 'fix add');

    const { ctx, page, errors } = await openPage(browser, s.url);
    await signIn(page, key);
    await page.goto(`/agents/${id}`);
    await page.click('[data-testid=tab-review]');
    const file = page.locator('[data-testid=diff-file][data-path="src/calc.ts"]');
    await file.waitFor();
    expect(await page.locator('[data-testid=diff-file-row]').allTextContents()).toEqual([expect.stringContaining('src/calc.ts')]);
    expect(await file.locator('.line.add').count()).toBe(2);
    expect(await file.locator('.hljs-keyword').count()).toBeGreaterThan(0);
    await page.waitForSelector('[data-testid=merge-target]');
    expect(await page.textContent('[data-testid=merge-target]')).toBe('main');

    await page.click('[data-testid=pick-2]');
    await page.click('[data-testid=pick-3]', { modifiers: ['Shift'] });
    await page.fill('[data-testid=comment-text]', 'Drop the comment line.');
    await page.screenshot({ path: join(shots, 'review-desktop.png'), fullPage: false });
    await page.click('[data-testid=comment-send]');
    await page.waitForSelector('[data-testid=comment-note]');
    await page.waitForSelector('[data-testid=review-comments]');
    expect(await page.textContent('[data-testid=review-comments]')).toContain('src/calc.ts:2–3');
    const stored = await s.http('GET', `/agents/${id}/review-comments`);
    expect(stored.body.items).toEqual([expect.objectContaining({ file: 'src/calc.ts', startLine: 2, endLine: 3, body: 'Drop the comment line.' })]);
    await ctx.close();
    expect(errors).toEqual([]);

    // At a 390 px phone width the same tab reads (a viewer-sized screen; the code scrolls sideways).
    const { ctx: phone, page: p2, errors: errors2 } = await openPage(browser, s.url, PHONE);
    await signIn(p2, key);
    await p2.goto(`/agents/${id}`);
    await p2.click('[data-testid=tab-review]');
    await p2.locator('[data-testid=diff-file][data-path="src/calc.ts"]').waitFor();
    await p2.waitForSelector('[data-testid=merge-target]');
    await p2.screenshot({ path: join(shots, 'review-phone.png'), fullPage: false });
    await phone.close();
    expect(errors2).toEqual([]);
  }, 180_000);
});
