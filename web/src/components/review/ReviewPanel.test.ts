// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, RouterLinkStub } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { AgentDiff, MergePreview } from '@flywheel/contracts';
import { useSessionStore } from '../../stores/session.ts';
import ReviewPanel from './ReviewPanel.vue';

const patch = [
  'diff --git a/src/calc.ts b/src/calc.ts',
  '--- a/src/calc.ts',
  '+++ b/src/calc.ts',
  '@@ -1,3 +1,4 @@',
  ' export function add(a: number, b: number) {',
  '-  return a - b;',
  '+  // fixed',
  '+  return a + b;',
  ' }',
].join('\n');
const diff: AgentDiff = {
  agentId: 'agt_1',
  branch: 'flywheel/alpha',
  baseRef: 'main',
  baseCommit: 'a'.repeat(40),
  head: 'b'.repeat(40),
  uncommitted: true,
  commits: [],
  totalFiles: 2,
  files: [
    { path: 'src/calc.ts', status: 'modified', additions: 2, deletions: 1, binary: false, patch },
    { path: 'logo.png', status: 'added', additions: 0, deletions: 0, binary: true },
  ],
};
const preview: MergePreview = {
  agentId: 'agt_1',
  branch: 'flywheel/alpha',
  target: 'main',
  files: ['src/calc.ts', 'logo.png'],
  branches: [{ agentId: 'agt_2', name: 'beta', branch: 'flywheel/beta', state: 'ready', files: ['src/calc.ts'] }],
  reservations: [],
  reservationsChecked: true,
  branchesChecked: true,
  conflicts: [],
};

type Call = { method: string; url: string; body?: unknown };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('ReviewPanel', () => {
  const calls: Call[] = [];
  let mergeReply: () => Response;
  let approvals: { id: string; agentId: string; by: string; at: string; tree: string; note?: string; current: boolean }[];
  beforeEach(() => {
    calls.length = 0;
    approvals = [];
    setActivePinia(createPinia());
    mergeReply = () => json(200, {});
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      calls.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      if (url.startsWith('/api/v1/agents/agt_1/diff')) return json(200, diff);
      if (url.startsWith('/api/v1/agents/agt_1/merge-preview')) return json(200, preview);
      if (url.startsWith('/api/v1/agents/agt_1/review-comments') && method === 'GET') return json(200, { items: [] });
      if (url.startsWith('/api/v1/agents/agt_1/review-comments')) {
        return json(201, { comments: [], sent: true, commandId: 'cmd_1', message: 'Review comments' });
      }
      if (url.startsWith('/api/v1/agents/agt_1/review-approvals') && method === 'GET') {
        return json(200, { items: approvals, tree: 't1', approved: approvals.some((a) => a.current) });
      }
      if (url.startsWith('/api/v1/agents/agt_1/review-approvals')) {
        const note = (calls.at(-1)!.body as { note?: string }).note;
        const a = { id: 'rva_1', agentId: 'agt_1', by: 'acc_1/key_ops', at: new Date().toISOString(), tree: 't1', note, current: true };
        approvals.push(a);
        return json(201, a);
      }
      if (url.startsWith('/api/v1/agents/agt_1/merge')) return mergeReply();
      return json(404, { error: { code: 'NOT_FOUND', message: `no ${url}` } });
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  const mountAs = async (role: 'viewer' | 'operator') => {
    const session = useSessionStore();
    session.me = { principal: { role, accountId: 'acc_1' } } as unknown as typeof session.me;
    const w = mount(ReviewPanel, { props: { agentId: 'agt_1' }, global: { stubs: { RouterLink: RouterLinkStub } } });
    await flushPromises();
    await vi.waitFor(() => expect(w.find('[data-testid=diff-files]').exists()).toBe(true));
    return w;
  };

  it('lists the files with status and counts, and renders hunks with highlighted, numbered lines', async () => {
    const w = await mountAs('viewer');
    const rows = w.findAll('[data-testid=diff-file-row]');
    expect(rows.map((r) => r.text())).toEqual(['src/calc.tsmodified21', 'logo.pngadded00']);
    expect(w.findAll('[data-testid=hunk]').map((h) => h.text())).toEqual(['@@ -1,3 +1,4 @@']);
    const lines = w.findAll('[data-testid=diff-line]');
    expect(lines.map((l) => l.classes().find((c) => ['add', 'del', 'ctx'].includes(c)))).toEqual(['ctx', 'del', 'add', 'add', 'ctx']);
    expect(lines[3]!.attributes('data-new')).toBe('3');
    expect(lines[0]!.find('.hljs-keyword').text()).toBe('export');
    expect(w.text()).toContain('Binary file.');
    expect(calls[0]!.url).toBe('/api/v1/agents/agt_1/diff?limit=200');
  });

  it('comments on a line range: the selected lines and the text are posted for the agent', async () => {
    const w = await mountAs('operator');
    await w.get('[data-testid=pick-2]').trigger('click');
    await w.get('[data-testid=pick-3]').trigger('click', { shiftKey: true });
    expect(w.findAll('.line.sel')).toHaveLength(2);
    await w.get('[data-testid=comment-text]').setValue('Why the comment?');
    await w.get('[data-testid=comment-form]').trigger('submit');
    await flushPromises();
    const post = calls.find((c) => c.method === 'POST' && c.url.endsWith('/review-comments'));
    expect(post?.body).toEqual({ comments: [{ file: 'src/calc.ts', startLine: 2, endLine: 3, body: 'Why the comment?' }], send: true });
    expect(w.get('[data-testid=comment-note]').text()).toBe('Sent to the agent.');
    expect(w.find('[data-testid=comment-form]').exists()).toBe(false);
  });

  it('shows the merge preview, and a 409 on merge shows the conflicting files', async () => {
    mergeReply = () =>
      json(409, {
        error: {
          code: 'CONFLICT',
          message: 'merging flywheel/alpha into main conflicts in src/calc.ts; nothing was changed',
          details: { files: ['src/calc.ts'], target: 'main' },
        },
      });
    const w = await mountAs('operator');
    await vi.waitFor(() => expect(w.find('[data-testid=preview-branches]').exists()).toBe(true));
    expect(w.get('[data-testid=preview-branches]').text()).toContain('beta');
    await w.get('[data-testid=merge-strategy]').setValue('squash');
    await w.get('[data-testid=merge-form]').trigger('submit');
    await flushPromises();
    const post = calls.find((c) => c.method === 'POST' && c.url.endsWith('/merge'));
    expect(post?.body).toEqual({ strategy: 'squash', onConflict: 'fail' });
    expect(w.findAll('[data-testid=conflict-file]').map((f) => f.text())).toEqual(['src/calc.ts']);
    expect(w.get('[data-testid=error]').text()).toContain('CONFLICT');
  });

  it('approves the work as it stands, with a note, and shows it approved', async () => {
    const w = await mountAs('operator');
    await vi.waitFor(() => expect(w.find('[data-testid=not-approved]').exists()).toBe(true));
    await w.get('[data-testid=approve-form] input').setValue('Looks right');
    await w.get('[data-testid=approve-form]').trigger('submit');
    await flushPromises();
    const post = calls.find((c) => c.method === 'POST' && c.url.endsWith('/review-approvals'));
    expect(post?.body).toEqual({ note: 'Looks right' });
    await vi.waitFor(() => expect(w.find('[data-testid=approved]').exists()).toBe(true));
    expect(w.get('[data-testid=approval]').text()).toContain('acc_1/key_ops');
    expect(w.get('[data-testid=approval]').text()).toContain('current');
  });

  it('lets a viewer read the diff and the preview but shows no actions', async () => {
    const w = await mountAs('viewer');
    await vi.waitFor(() => expect(w.find('[data-testid=merge-target]').exists()).toBe(true));
    expect(w.find('[data-testid=pick-2]').exists()).toBe(false);
    expect(w.find('[data-testid=merge-form]').exists()).toBe(false);
    expect(w.find('[data-testid=merge]').exists()).toBe(false);
    expect(w.find('[data-testid=approve-form]').exists()).toBe(false);
  });
});
