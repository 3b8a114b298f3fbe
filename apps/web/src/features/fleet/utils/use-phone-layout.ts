/**
 * Whether the board is on a phone-sized screen, where its versions are cards instead of a table row each
 * (styles.css's fleet phone block uses the same width). Follows the screen as it turns or resizes; without
 * `matchMedia` (a DOM without layout, as in unit tests) the answer is the desktop table.
 */
import { useSyncExternalStore } from 'react';

export const PHONE_QUERY = '(max-width: 40rem)';

function mediaQuery(): MediaQueryList | null {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia(PHONE_QUERY)
    : null;
}

function subscribe(onChange: () => void): () => void {
  const query = mediaQuery();
  query?.addEventListener('change', onChange);
  return () => query?.removeEventListener('change', onChange);
}

export function usePhoneLayout(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => mediaQuery()?.matches ?? false,
    () => false,
  );
}
