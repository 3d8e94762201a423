import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/index.ts';
import { watchDcg } from './helpers/dcg-events.ts';

describe('dcg REST', () => {
  let s: Stack;
  let dcg: ReturnType<typeof watchDcg>;
  beforeAll(async () => {
    s = await startStack({ services: ['safety', 'gateway-api'] });
    dcg = watchDcg(s.nc);
  });
  afterAll(async () => {
    dcg?.stop();
    await s?.stop();
  });

  it('denies git reset --hard with rule, short code and safe alternative; stores it redacted; publishes it', async () => {
    const res = await s.http('POST', '/dcg/check', { command: 'GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 git reset --hard', agentId: 'a-rest' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      decision: 'deny',
      ruleId: expect.stringMatching(/^core\.git:/),
      packId: 'core.git',
      severity: expect.any(String),
      shortCode: expect.stringMatching(/^[2-9A-Z]{6}$/),
    });
    expect(res.body.safeAlternative).toBeTruthy();
    const list = await s.http('GET', '/dcg/decisions?agentId=a-rest');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].command).toBe('GITHUB_TOKEN=[REDACTED] git reset --hard');
    const ev = await dcg.waitEvent((e) => e.type === 'decision' && e.decision.id === res.body.decisionId, 'decision on system.dcg');
    expect(JSON.stringify(ev)).not.toContain('ghp_');
  });

  it('allows ls', async () => {
    expect((await s.http('POST', '/dcg/check', { command: 'ls -la' })).body).toMatchObject({ decision: 'allow' });
  });
});
