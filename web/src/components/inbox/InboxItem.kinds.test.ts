// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, RouterLinkStub } from '@vue/test-utils';
import { Task } from '@flywheel/contracts';
import { task } from '../tasks/fixtures.ts';
import type { InboxEntry } from '../../stores/inbox.ts';
import { json, limitedAgent, stuckAlert, stuckEntry as entryOf, usageEntry as usageOf } from './fixtures.ts';
import InboxItem from './InboxItem.vue';

const alert = stuckAlert('alr_1', 'proj_1', {
  title: 'The autopilot of project proj_1 stopped: task t_9 failed twice',
  details: { projectId: 'proj_1', taskId: 't_9', reason: 'task t_9 failed twice: check exited 1' },
});
const resumeAt = new Date(Date.now() + 3_600_000).toISOString();
const hhmm = new Date(resumeAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const agent = limitedAgent('agt_1', { name: 'alpha', resumeAt, lastSeq: 5 });
const stuckEntry = (a = alert): InboxEntry => entryOf(a);
const usageEntry = (a = agent): InboxEntry => usageOf(a);

describe('InboxItem: a stopped autopilot and an agent at a usage limit', () => {
  const urls: string[] = [];
  let projectAuto = true;
  beforeEach(() => {
    urls.length = 0;
    projectAuto = true;
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      if (url === '/api/v1/tasks/t_9') return json(200, Task.parse(task({ id: 't_9', projectId: 'proj_1', title: 'Add the login form' })));
      if (url === '/api/v1/projects/proj_1/usage-limits') return json(200, { projectId: 'proj_1', autoResume: projectAuto, rotateProfiles: false });
      return json(404, { error: { code: 'NOT_FOUND', message: 'no' } });
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  const mountItem = (entry: InboxEntry, props: Record<string, unknown> = {}) =>
    mount(InboxItem, { props: { entry, canDecide: true, ...props }, global: { stubs: { RouterLink: RouterLinkStub } } });

  it('shows the project, the task (with its title) and the reason, and links to the tasks of the project', async () => {
    const w = mountItem(stuckEntry());
    expect(w.attributes('data-kind')).toBe('autopilot');
    expect(w.get('[data-testid=project]').text()).toBe('proj_1');
    expect(w.get('[data-testid=stuck-reason]').text()).toBe('task t_9 failed twice: check exited 1');
    await vi.waitFor(() => expect(w.get('[data-testid=task]').text()).toBe('Task t_9: Add the login form failed twice.'));
    expect(urls).toEqual(['/api/v1/tasks/t_9']);
    expect(w.getComponent<typeof RouterLinkStub>('[data-testid=tasks-link]').props('to')).toEqual({ path: '/tasks', query: { project: 'proj_1' } });
  });

  it('still shows the task id and a reason when the task cannot be read and the alert names no reason', async () => {
    const w = mountItem(stuckEntry({ ...alert, details: { projectId: 'proj_1', taskId: 't_gone' } }));
    await vi.waitFor(() => expect(urls).toEqual(['/api/v1/tasks/t_gone']));
    expect(w.get('[data-testid=task]').text()).toBe('Task t_gone failed twice.');
    expect(w.get('[data-testid=stuck-reason]').text()).toBe('A task failed twice.');
  });

  it('"Resume autopilot" emits resume; a viewer sees the link but no button; it is disabled while in flight', async () => {
    const w = mountItem(stuckEntry());
    await w.get('[data-testid=resume-autopilot]').trigger('click');
    expect(w.emitted('resume')).toEqual([[]]);
    const viewer = mountItem(stuckEntry(), { canDecide: false });
    expect(viewer.find('[data-testid=resume-autopilot]').exists()).toBe(false);
    expect(viewer.find('[data-testid=tasks-link]').exists()).toBe(true);
    expect(mountItem(stuckEntry(), { busy: true }).get('[data-testid=resume-autopilot]').attributes('disabled')).toBeDefined();
  });

  it('an agent whose auto-resume is on says it resumes by itself at HH:MM, and offers "Resume now"', async () => {
    const w = mountItem(usageEntry({ ...agent, autoResume: true }));
    expect(w.attributes('data-kind')).toBe('usage_limit');
    expect(w.text()).toContain('alpha');
    expect(w.get('[data-testid=usage-when]').text()).toBe(`Resumes by itself at ${hhmm}.`);
    await w.get('[data-testid=usage-resume]').trigger('click');
    expect(w.emitted('resume')).toEqual([[]]);
    // Its own setting decides: the project's is not asked.
    expect(urls).toEqual([]);
  });

  it("an agent whose auto-resume is off waits for a person; one with no setting follows its project's", async () => {
    const off = mountItem(usageEntry({ ...agent, autoResume: false }));
    expect(off.get('[data-testid=usage-when]').text()).toBe(`Auto-resume is off: it waits for you (the limit resets at ${hhmm}).`);
    expect(off.get('[data-testid=usage-resume]').classes()).toContain('primary');

    projectAuto = false;
    const inherits = mountItem(usageEntry({ ...agent, projectId: 'proj_1' }));
    await vi.waitFor(() => expect(inherits.get('[data-testid=usage-when]').text()).toBe(`Auto-resume is off: it waits for you (the limit resets at ${hhmm}).`));
    expect(urls).toEqual(['/api/v1/projects/proj_1/usage-limits']);

    const noReset = mountItem(usageEntry({ ...agent, resumeAt: undefined }));
    expect(noReset.get('[data-testid=usage-when]').text()).toBe('Resumes by itself when the limit resets.');
    expect(mountItem(usageEntry(), { canDecide: false }).find('[data-testid=usage-resume]').exists()).toBe(false);
  });
});
