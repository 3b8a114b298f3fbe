import type { SecretSummary } from '@csms-console/api-contract';
import { describe, expect, it } from 'vitest';
import type { FleetSecretRow } from '../../store/types.js';
import { secretExpiry, withExpiry } from './list-expiry.js';

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;

const summary = (name: string): SecretSummary => ({
  id: `id-${name}`,
  name,
  state: 'ENABLED',
  secret_type: null,
  kms_key_id: null,
  description: null,
  create_time: null,
  update_time: null,
  scheduled_delete_time: null,
  event_subscriptions: [],
});

describe('secretExpiry', () => {
  it('takes the earliest expiry and the most urgent bucket; none when nothing expires', () => {
    const v = (expire_time: number | null) => ({ expire_time });
    expect(secretExpiry([v(null), v(NOW + 40 * DAY), v(NOW - DAY)], NOW)).toEqual({
      nearest_expire_time: NOW - DAY,
      worst_bucket: 'expired',
    });
    expect(secretExpiry([v(NOW + 400 * DAY), v(NOW + 5 * DAY)], NOW)).toEqual({
      nearest_expire_time: NOW + 5 * DAY,
      worst_bucket: '7d',
    });
    expect(secretExpiry([v(null)], NOW)).toEqual({ nearest_expire_time: null, worst_bucket: 'none' });
    expect(secretExpiry([], NOW)).toEqual({ nearest_expire_time: null, worst_bucket: 'none' });
  });
});

describe('withExpiry', () => {
  it('adds values for secrets the scan read, none for failed or unseen ones', () => {
    const rows: FleetSecretRow[] = [
      {
        secret: 'a',
        secretState: 'ENABLED',
        versions: [{ id: 'v1', expire_time: NOW + DAY, stages: [] }],
        error: null,
        notify: 'ok',
      },
      {
        secret: 'b',
        secretState: null,
        versions: null,
        error: { code: 'upstream_error', message: 'boom' },
        notify: null,
      },
    ];
    const [a, b, c] = withExpiry([summary('a'), summary('b'), summary('c')], rows, NOW);
    expect(a).toMatchObject({ name: 'a', nearest_expire_time: NOW + DAY, worst_bucket: '7d' });
    expect(b).toEqual(summary('b'));
    expect(c).toEqual(summary('c'));
  });
});
