import { useEffect } from 'react';
import { clearDraft, writeDraft, type DraftOwner, type ExpiryDraft } from './draft';

export type KeptDraft = Omit<ExpiryDraft, 'savedAt'>;

/**
 * Keeps the editor's change in hand in the draft store while it changes (`kept`: null while there is nothing
 * worth keeping), and removes it once `saved`. `owner` must not change for the editor's life.
 */
export function useKeptDraft(owner: DraftOwner, kept: KeptDraft | null, saved: boolean): void {
  // By value: a new object with the same content is no new draft.
  const json = kept === null ? null : JSON.stringify(kept);
  useEffect(() => {
    if (json !== null) writeDraft(owner, { ...(JSON.parse(json) as KeptDraft), savedAt: Date.now() });
  }, [json, owner]);
  useEffect(() => {
    if (saved) clearDraft(owner);
  }, [saved, owner]);
}
