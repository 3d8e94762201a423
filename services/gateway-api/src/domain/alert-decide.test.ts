import { describe, expect, it } from 'vitest';
import type { Alert } from '@flywheel/contracts';
import { alertIdFor, decide, mergeAlert, resolveAlert, setStatus, type Trigger } from './alert-decide.ts';
import { DEFAULT_RULES } from './alert-rules.ts';

const trigger = (at: string, key = 'k1'): Trigger => ({
  rule: 'agent_stalled',
  subject: { kind: 'agent', id: 'a1' },
  accountId: 'acct',
  at,
  key,
  title: 'Agent a1 stalled',
  details: {},
});
const cfg = DEFAULT_RULES.agent_stalled;

describe('decide', () => {
  it('opens an alert whose id depends only on rule, subject and trigger key', () => {
    const d = decide(trigger('2026-01-01T00:00:00.000Z'), cfg, undefined);
    expect(d.kind).toBe('opened');
    const a = (d as { alert: Alert }).alert;
    expect(a).toMatchObject({ id: alertIdFor(trigger('x')), status: 'open', count: 1, accountId: 'acct', severity: 'warning' });
    expect(alertIdFor(trigger('y', 'k2'))).not.toBe(a.id);
  });

  it('folds a trigger into the live alert of its subject', () => {
    const a = (decide(trigger('2026-01-01T00:00:00.000Z'), cfg, undefined) as { alert: Alert }).alert;
    const d = decide(trigger('2026-01-01T00:01:00.000Z', 'k2'), cfg, a);
    expect(d).toMatchObject({ kind: 'repeated', alert: { id: a.id, count: 2, lastAt: '2026-01-01T00:01:00.000Z' } });
  });

  it('holds back a new alert within the cooldown after the last one ended, and opens one after it', () => {
    const a = (decide(trigger('2026-01-01T00:00:00.000Z'), cfg, undefined) as { alert: Alert }).alert;
    const resolved = resolveAlert(a, '2026-01-01T00:01:00.000Z')!;
    expect(decide(trigger('2026-01-01T00:05:00.000Z', 'k2'), cfg, resolved).kind).toBe('suppressed');
    expect(decide(trigger('2026-01-01T00:12:00.000Z', 'k3'), cfg, resolved).kind).toBe('opened');
  });

  it('does nothing for a disabled rule', () => {
    expect(decide(trigger('2026-01-01T00:00:00.000Z'), { ...cfg, enabled: false }, undefined).kind).toBe('none');
  });
});

describe('mergeAlert', () => {
  const a = (decide(trigger('2026-01-01T00:00:00.000Z'), cfg, undefined) as { alert: Alert }).alert;
  const acked = setStatus(a, 'acknowledged', 'ops/key_1', '2026-01-01T00:00:30.000Z')!;
  const repeated = { ...a, count: 3, lastAt: '2026-01-01T00:02:00.000Z' };

  it('keeps the highest count and the latest status whatever the order', () => {
    const one = mergeAlert(acked, repeated);
    const two = mergeAlert(repeated, acked);
    expect(one).toEqual(two);
    expect(one).toMatchObject({ count: 3, status: 'acknowledged', ackedBy: 'ops/key_1', lastAt: '2026-01-01T00:02:00.000Z' });
  });

  it('refuses to acknowledge or dismiss an alert that already ended', () => {
    const resolved = resolveAlert(a, '2026-01-01T00:01:00.000Z')!;
    expect(setStatus(resolved, 'dismissed', 'x', '2026-01-01T00:02:00.000Z')).toBeUndefined();
  });
});
