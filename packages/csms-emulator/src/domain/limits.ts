/** Limits of the real service (docs/csms-api.md §4) and the time helpers every domain module shares. */

export const MAX_VERSIONS_PER_SECRET = 20;
export const MAX_STAGES_PER_SECRET = 12;
export const MAX_EVENTS_PER_PROJECT = 30;
export const SYSTEM_STAGES: readonly string[] = ['SYSCURRENT', 'SYSPREVIOUS'];
/** Notification records are kept for three months. */
export const RECORD_RETENTION_MS = 90 * 24 * 3_600_000;
export const MAX_EXPIRE_TIME = 9_999_999_999_999;

/** CSMS keeps whole seconds: epoch ms floored to a multiple of 1000. */
export const toSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;
