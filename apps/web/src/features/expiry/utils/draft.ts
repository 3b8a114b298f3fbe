/**
 * The editor's unsaved change, kept in this tab's sessionStorage so it survives the page going away under
 * it: a session that ended (sign in again, land back on `?edit=`), a language switch that redraws the pages,
 * a reload. One draft per user, account, secret and version; written while the user works, removed when the
 * change is saved or the editor is closed. It holds what was typed (date, time, zone, reason, the DST pick)
 * and the step, plus the expiry the editor compared against, never a secret's value. The storage itself is
 * lib/session-draft.ts (shared with the notifications page's forms).
 */
import { z } from 'zod/mini';
import { sessionDraftStore } from '../../../lib/session-draft';

const PREFIX = 'csms-console.expiry-draft';
/** Older than this, a draft is someone's forgotten work, not the change in hand. */
export const DRAFT_MAX_AGE_MS = 12 * 60 * 60 * 1000;

export const ExpiryDraftSchema = z.object({
  date: z.string(),
  time: z.string(),
  zone: z.enum(['local', 'utc']),
  reason: z.string(),
  /** The picked instant of a repeated wall time (DST overlap), or null. */
  pick: z.nullable(z.int()),
  /** A typed time that did not exist and what it became (shown again in the review). */
  gap: z.nullable(z.object({ date: z.string(), typed: z.string(), ms: z.int(), zone: z.string() })),
  step: z.enum(['edit', 'review']),
  /** The expiry (epoch ms, or null: none) the editor was comparing against when the draft was written. */
  expected: z.nullable(z.int()),
  savedAt: z.int(),
});
export type ExpiryDraft = z.infer<typeof ExpiryDraftSchema>;

export interface DraftOwner {
  /** The signed-in user's `sub`. */
  user: string;
  account: string;
  secret: string;
  version: string;
}

/** The editor's drafts (lib/session-draft.ts), one per owner. */
export const expiryDrafts = sessionDraftStore(PREFIX, ExpiryDraftSchema, DRAFT_MAX_AGE_MS);

export function draftKey({ user, account, secret, version }: DraftOwner): string {
  return expiryDrafts.key([user, account, secret, version]);
}

/** The draft for `owner`, if one was kept (and is readable and recent); else null. */
export function readDraft(owner: DraftOwner, now: number = Date.now()): ExpiryDraft | null {
  return expiryDrafts.read(draftKey(owner), now);
}

export function writeDraft(owner: DraftOwner, draft: ExpiryDraft): void {
  expiryDrafts.write(draftKey(owner), draft);
}

export function clearDraft(owner: DraftOwner): void {
  expiryDrafts.clear(draftKey(owner));
}
