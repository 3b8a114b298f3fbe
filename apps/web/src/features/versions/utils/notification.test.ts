import type { NotificationRecord, NotificationStatus } from '@csms-console/api-contract';
import { describe, expect, it } from 'vitest';
import { notificationAnswer, recentRecords } from './notification';

const event = {
  name: 'expiry-alerts',
  state: 'ENABLED' as const,
  event_types: ['SECRET_VERSION_EXPIRED', 'SECRET_ROTATED'],
  includes_version_expired: true,
  target_type: 'SMN',
  target_name: 'secops-topic',
};
const status = (over: Partial<NotificationStatus>): NotificationStatus => ({
  will_notify: false,
  reason: 'ok',
  event,
  records: [],
  ...over,
});

describe('notificationAnswer', () => {
  it('says yes and names the event, its state and target', () => {
    const a = notificationAnswer(status({ will_notify: true }));
    expect(a.willNotify).toBe(true);
    expect(a.answer).toMatch(/^Yes\./);
    expect(a.answer).toContain('"expiry-alerts" (ENABLED)');
    expect(a.answer).toContain('SMN target "secops-topic"');
  });
  it("says no when CSMS's latest expiry notice failed, and where to look", () => {
    const a = notificationAnswer(status({ reason: 'records_failing' }));
    expect(a.willNotify).toBe(false);
    expect(a.answer).toMatch(/^No\./);
    expect(a.answer).toContain('latest notice of an expiry for it failed');
    expect(a.fix).toContain('notification target');
  });
  it('says no when nothing is subscribed', () => {
    const a = notificationAnswer(status({ reason: 'not_subscribed', event: null }));
    expect(a).toMatchObject({ willNotify: false });
    expect(a.answer).toMatch(/^No\. This secret subscribes to no CSMS event/);
  });
  it('names a missing event from the secret subscription', () => {
    const a = notificationAnswer(status({ reason: 'event_missing', event: null }), 'gone-event');
    expect(a.answer).toContain('"gone-event"');
    expect(a.answer).toContain('CSMS has no such event');
  });
  it('says the event is disabled', () => {
    const a = notificationAnswer(
      status({ reason: 'event_disabled', event: { ...event, state: 'DISABLED' } }),
    );
    expect(a.answer).toContain('the event is DISABLED');
    expect(a.fix).toBe('Enable the event in CSMS.');
  });
  it('lists what the event covers when the expiry type is missing', () => {
    const a = notificationAnswer(
      status({
        reason: 'event_type_missing',
        event: { ...event, event_types: ['SECRET_ROTATED'], includes_version_expired: false },
      }),
    );
    expect(a.answer).toContain('does not include SECRET_VERSION_EXPIRED (it covers SECRET_ROTATED).');
  });
});

describe('recentRecords', () => {
  const r = (create_time: number | null): NotificationRecord => ({
    event_name: 'e',
    trigger_event_type: 'SECRET_VERSION_EXPIRED',
    create_time,
    notification_status: 'SUCCESS',
    notification_target_name: 't',
    version_id: 'v1',
  });
  it('orders newest first, timeless last, and caps the count', () => {
    const out = recentRecords([r(1), r(null), r(3), r(2)], 3);
    expect(out.map((x) => x.create_time)).toEqual([3, 2, 1]);
  });
});
