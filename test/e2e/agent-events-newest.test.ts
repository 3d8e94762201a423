import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/index.ts';
import { allEvents, waitEvent, waitState } from './helpers/agent-events.ts';

/** `GET /agents/:id/{output,events}?order=desc`: the newest events first, paging towards older ones. */
describe('agent events newest first (order=desc)', () => {
  let h: Stack;
  let id: string;
  beforeAll(async () => {
    h = await startStack({ services: ['gateway-api', { name: 'agent-runner', id: 'r-newest', env: { TMUX_POLL_MS: '50' } }] });
    id = (await h.http('POST', '/agents', { driver: 'tmux', workingDirectory: h.tmp('fw-newest-'), command: ['sh'], env: { PS1: '$ ' } })).body.id;
    await waitState(h, id, 'ready');
    // Several sends, so there are many output events (each capture is one event of one or more lines).
    for (let k = 0; k < 6; k++) {
      await h.http('POST', `/agents/${id}/send`, { message: `echo batch-${k}` });
      await waitEvent(h, id, (e) => e.type === 'output' && e.text.split('\n').includes(`batch-${k}`), `batch-${k}`);
    }
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('the first desc page is the newest events, newest first; desc pages cover every event once, the reverse of asc', async () => {
    const asc = await allEvents(h, id, 'output');
    expect(asc.length).toBeGreaterThan(4);
    const newest = await h.http('GET', `/agents/${id}/output?order=desc&limit=2`);
    expect(newest.status).toBe(200);
    expect(newest.body.items.map((e: { seq: number }) => e.seq)).toEqual(
      asc
        .slice(-2)
        .map((e) => e.seq)
        .reverse(),
    );
    expect(newest.body.nextCursor).toBe(String(asc.at(-2)!.seq));

    const desc: number[] = [];
    let cursor: string | undefined;
    for (;;) {
      const r = await h.http('GET', `/agents/${id}/output?order=desc&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      desc.push(...r.body.items.map((e: { seq: number }) => e.seq));
      cursor = r.body.nextCursor;
      if (!cursor) break;
    }
    expect(desc).toEqual(asc.map((e) => e.seq).reverse());
    // The same on /events, with a type filter.
    const ev = await h.http('GET', `/agents/${id}/events?order=desc&limit=1&types=output`);
    expect(ev.body.items.map((e: { seq: number }) => e.seq)).toEqual([asc.at(-1)!.seq]);
  });

  it('an unknown order is a 400 naming the field', async () => {
    const r = await h.http('GET', `/agents/${id}/output?order=newest`);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'BAD_REQUEST' });
    expect(JSON.stringify(r.body.error)).toContain('order');
  });
});
