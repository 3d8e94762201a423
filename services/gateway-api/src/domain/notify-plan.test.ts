import { describe, expect, it } from 'vitest';
import { NotificationPrefs, type Alert } from '@flywheel/contracts';
import { planDeliveries } from './notify-plan.ts';
import { inQuietHours } from './quiet-hours.ts';

const alert = (over: Partial<Alert>): Alert => ({
  id: 'alr_1',
  rule: 'agent_failed',
  severity: 'warning',
  title: 't',
  details: {},
  subject: { kind: 'agent', id: 'a1' },
  firstAt: '2026-01-01T00:00:00.000Z',
  lastAt: '2026-01-01T00:00:00.000Z',
  count: 1,
  status: 'open',
  statusAt: '2026-01-01T00:00:00.000Z',
  ...over,
});
const night = new Date('2026-01-01T23:30:00.000Z');
const quiet = NotificationPrefs.parse({ quietHours: { timeZone: 'UTC', from: '22:00', to: '07:00' } });
const endpoints = [
  { id: 'e1', kind: 'webhook' as const, minSeverity: 'info' as const },
  { id: 'e2', kind: 'slack' as const, minSeverity: 'critical' as const },
];

describe('inQuietHours', () => {
  it('wraps past midnight in the given time zone', () => {
    expect(inQuietHours(quiet.quietHours, night)).toBe(true);
    expect(inQuietHours(quiet.quietHours, new Date('2026-01-01T12:00:00.000Z'))).toBe(false);
    const berlin = { ...quiet.quietHours!, timeZone: 'Europe/Berlin' };
    expect(inQuietHours(berlin, new Date('2026-01-01T21:30:00.000Z'))).toBe(true);
  });
});

describe('planDeliveries', () => {
  it('sends to the dashboard and to every endpoint whose filter takes the alert', () => {
    const plan = planDeliveries(alert({}), [{ accountId: 'acct', prefs: NotificationPrefs.parse({}), endpoints }], night);
    expect(plan).toEqual([
      { accountId: 'acct', channel: 'in_app', suppressed: false },
      { accountId: 'acct', channel: 'webhook', endpointId: 'e1', suppressed: false },
    ]);
  });

  it('holds back endpoints in quiet hours but lets critical alerts and approvals through', () => {
    const r = [{ accountId: 'acct', prefs: quiet, endpoints: [endpoints[0]] }];
    expect(planDeliveries(alert({}), r, night)[1].suppressed).toBe(true);
    expect(planDeliveries(alert({ severity: 'critical' }), r, night)[1].suppressed).toBe(false);
    expect(planDeliveries(alert({ rule: 'approval_waiting' }), r, night)[1].suppressed).toBe(false);
    const strict = NotificationPrefs.parse({ quietHours: { ...quiet.quietHours, allowApprovals: false } });
    expect(planDeliveries(alert({ rule: 'approval_waiting' }), [{ ...r[0], prefs: strict }], night)[1].suppressed).toBe(true);
  });
});
