/**
 * The SPA's words for a change without a reason (`REQUIRE_REASON`, issue 12): the expiry editor and
 * "Extend selected" say the same thing at their reason field. What counts as a reason is api-contract's
 * `isReasonMissing`, the BFF's own check.
 */
export const REASON_REQUIRED_MESSAGE = 'Give a reason for this change; it is kept in the audit log.';
