import { useMemo } from 'react';
import { useKeptDraft as useKeptInSession } from '../../../lib/session-draft';
import { draftKey, expiryDrafts, type DraftOwner, type ExpiryDraft } from './draft';

export type KeptDraft = Omit<ExpiryDraft, 'savedAt'>;

/**
 * Keeps the editor's change in hand in the draft store while it changes (`kept`: null while there is nothing
 * worth keeping), and removes it once `saved`. `owner` must not change for the editor's life.
 */
export function useKeptDraft(owner: DraftOwner, kept: KeptDraft | null, saved: boolean): void {
  const key = useMemo(() => draftKey(owner), [owner]);
  useKeptInSession(expiryDrafts, key, kept, saved);
}
