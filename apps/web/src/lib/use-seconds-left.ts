import { useCallback, useSyncExternalStore } from 'react';

/**
 * Whole seconds until `until` (epoch ms, browser clock), never below 0, re-rendering as the number changes;
 * null for no deadline. Checked four times a second so the display never lags a full second, while React
 * re-renders only when the number changes; the timer stops at 0 and when the caller unmounts.
 */
export function useSecondsLeft(until: number | null): number | null {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (until === null) return () => undefined;
      const timer = setInterval(() => {
        onChange();
        if (Date.now() >= until) clearInterval(timer);
      }, 250);
      return () => clearInterval(timer);
    },
    [until],
  );
  return useSyncExternalStore(subscribe, () =>
    until === null ? null : Math.max(0, Math.ceil((until - Date.now()) / 1000)),
  );
}
