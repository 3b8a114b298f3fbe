/**
 * Unsaved form work kept in this tab's sessionStorage, so it survives the page going away under it: a
 * session that ended (sign in again and come back), a language switch that redraws the pages, a reload.
 * Generic over what a feature keeps: each feature gives its key prefix, its schema (what it reads back is
 * checked, so a draft written by another version of the app is dropped, not trusted) and an age limit;
 * every draft carries `savedAt`. Storage that is full or switched off only means no drafts. Never put a
 * credential in one: the caller decides what is kept, and keeps only what the page shows back.
 * Lives in lib/ because the expiry editor and the notifications page both use it (features do not import
 * each other); only their lazy page chunks import it, never the entry.
 */
import { useEffect } from 'react';
import type { z } from 'zod/mini';

export interface Dated {
  savedAt: number;
}

export interface SessionDraftStore<T extends Dated> {
  /** The storage key of one owner's draft: the prefix and the parts, each escaped (no two owners share one). */
  key(parts: readonly string[]): string;
  /** The draft under `key`, if one was kept and is readable and recent; else null (and it is removed). */
  read(key: string, now?: number): T | null;
  write(key: string, draft: T): void;
  clear(key: string): void;
}

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // storage switched off: the page works, without drafts
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function sessionDraftStore<T extends Dated>(
  prefix: string,
  schema: z.ZodMiniType<T>,
  maxAgeMs: number,
): SessionDraftStore<T> {
  const clear = (key: string) => {
    try {
      storage()?.removeItem(key);
    } catch {
      // Switched off: nothing was kept.
    }
  };
  return {
    key: (parts) => [prefix, ...parts].map(encodeURIComponent).join('/'),
    read(key, now = Date.now()) {
      let raw: string | null;
      try {
        raw = storage()?.getItem(key) ?? null;
      } catch {
        return null;
      }
      if (raw === null) return null;
      const parsed = schema.safeParse(parseJson(raw));
      if (!parsed.success || now - parsed.data.savedAt > maxAgeMs) {
        clear(key); // unreadable (another version of the app wrote it) or stale: not the work in hand
        return null;
      }
      return parsed.data;
    },
    write(key, draft) {
      try {
        storage()?.setItem(key, JSON.stringify(draft));
      } catch {
        // Full or switched off: the draft is a convenience, the page goes on without it.
      }
    },
    clear,
  };
}

/**
 * Keeps the work in hand under `key` while it changes (`kept`: null while there is nothing worth keeping),
 * and removes it once `done` (saved). `key` must not change for the form's life.
 */
export function useKeptDraft<T extends Dated>(
  store: SessionDraftStore<T>,
  key: string,
  kept: Omit<T, 'savedAt'> | null,
  done = false,
): void {
  // By value: a new object with the same content is no new draft.
  const json = kept === null ? null : JSON.stringify(kept);
  useEffect(() => {
    if (json !== null)
      store.write(key, { ...(JSON.parse(json) as Omit<T, 'savedAt'>), savedAt: Date.now() } as T);
  }, [json, key, store]);
  useEffect(() => {
    if (done) store.clear(key);
  }, [done, key, store]);
}
