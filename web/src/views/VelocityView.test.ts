// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Velocity } from '@flywheel/contracts';
import { makeRouter } from '../router.ts';
import { useSessionStore } from '../stores/session.ts';
import { useLiveStore } from '../stores/live.ts';
import VelocityView from './VelocityView.vue';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const bucket = (completed: number, extra: Partial<Velocity['total']> = {}): Velocity['total'] => ({
  completed,
  reopened: 0,
  leadTimeS: { count: completed, p50: 5400, p90: 7200, max: 9000 },
  cycleTimeS: { count: completed, p50: 600, p90: 1800, max: 1800 },
  costUsd: 3 * completed,
  costPerTaskUsd: 3,
  byType: { task: { completed, costUsd: 3 * completed, costPerTaskUsd: 3 } },
  agentHours: 0.5 * completed,
  toolCalls: 4 * completed,
  guardBlocks: 1,
  linesChanged: 120,
  merges: 2,
  ...extra,
});
const velocity = (completed: number): Velocity => ({
  projectId: 'proj-a',
  days: [
    { day: '2026-12-06', ...bucket(1) },
    { day: '2026-12-07', ...bucket(completed - 1, { reopened: 1 }) },
  ],
  total: bucket(completed, { reopened: 1 }),
});

describe('VelocityView', () => {
  const urls: string[] = [];
  let reply: Velocity;
  beforeEach(() => {
    setActivePinia(createPinia());
    urls.length = 0;
    reply = velocity(3);
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      if (url.startsWith('/api/v1/analytics/velocity?')) return json(reply);
      return json({ error: { code: 'NOT_FOUND', message: url, requestId: 'r' } }, 404);
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  async function mountAt(path: string) {
    useSessionStore().me = { principal: { accountId: 'acct-a', role: 'viewer', keyId: 'key_1' } } as never;
    globalThis.localStorage?.removeItem('flywheel.tasks.project');
    const router = makeRouter(true);
    await router.push(path);
    // ECharts draws on a canvas, which happy-dom has not: the chart is stubbed here and drawn in the Chromium e2e.
    const w = mount(VelocityView, { global: { plugins: [router], stubs: { EChart: true } } });
    await flushPromises();
    return w;
  }
  const value = (w: Awaited<ReturnType<typeof mountAt>>, id: string) => w.get(`[data-testid=velocity-${id}] [data-testid=velocity-value]`).text();

  it("reads the project's velocity for the period and shows every metric", async () => {
    const w = await mountAt('/velocity?project=proj-a');
    expect(urls).toHaveLength(1);
    const q = new URL(urls[0]!, 'http://x').searchParams;
    expect(q.get('projectId')).toBe('proj-a');
    expect(q.get('from')).toMatch(/^\d{4}-\d\d-\d\dT00:00:00\.000Z$/);
    expect(value(w, 'completed')).toBe('3');
    expect(value(w, 'lead')).toBe('1.5h / 2.0h');
    expect(value(w, 'cycle')).toBe('10m / 30m');
    expect(value(w, 'cost-per-task')).toBe('$3.00');
    expect(value(w, 'agent-hours')).toBe('1.50');
    expect(value(w, 'tool-calls')).toBe('12');
    expect(value(w, 'guard-blocks')).toBe('1');
    expect(value(w, 'merges')).toBe('2');
    expect(value(w, 'lines')).toBe('120');
    expect(value(w, 'rework')).toBe('1');
    expect(w.get('[data-testid=velocity-throughput]').attributes('data-days')).toBe('2');
    expect(w.get('[data-testid=velocity-types]').text()).toContain('task');
    expect(w.get('[data-testid=velocity-types]').text()).toContain('$3.00 / task');
  });

  it('asks for a project when none is given, and reads nothing', async () => {
    const w = await mountAt('/velocity');
    expect(w.find('[data-testid=velocity-no-project]').exists()).toBe(true);
    expect(urls).toEqual([]);
  });

  it("reloads when the project's task channel reports a change", async () => {
    const live = useLiveStore();
    let listener: ((e: unknown) => void) | undefined;
    vi.spyOn(live, 'on').mockImplementation((pattern: string, fn: (e: never) => void) => {
      if (pattern === 'workspace:tasks:proj-a') listener = fn as (e: unknown) => void;
      return () => undefined;
    });
    const w = await mountAt('/velocity?project=proj-a');
    expect(listener).toBeDefined();
    reply = velocity(4);
    listener?.({ channel: 'workspace:tasks:proj-a' });
    await flushPromises();
    expect(value(w, 'completed')).toBe('4');
  });
});
