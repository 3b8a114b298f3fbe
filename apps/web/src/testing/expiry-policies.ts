/**
 * The three roles' policies as the BFF sends them in the session with its default configuration (5-minute
 * lead for every role; admin 1095 days ahead; support 90 days ahead, only versions expired or expiring within
 * 7 days, only later). Web tests take every bound from these fields and from api-contract's constants, never
 * from numbers of their own; the rules themselves are tested at every bound in api-contract.
 */
import type { ExpiryPolicy } from '@csms-console/api-contract';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export const adminPolicy: ExpiryPolicy = {
  can_edit: true,
  min_lead_ms: 5 * MINUTE_MS,
  max_horizon_ms: 1095 * DAY_MS,
  eligible_within_ms: null,
  must_extend: false,
  reason_required: true,
};

export const supportPolicy = {
  can_edit: true,
  min_lead_ms: 5 * MINUTE_MS,
  max_horizon_ms: 90 * DAY_MS,
  eligible_within_ms: 7 * DAY_MS,
  must_extend: true,
  reason_required: true,
} satisfies ExpiryPolicy;

export const auditorPolicy: ExpiryPolicy = {
  can_edit: false,
  min_lead_ms: 0,
  max_horizon_ms: 0,
  eligible_within_ms: 0,
  must_extend: true,
  reason_required: true,
};
