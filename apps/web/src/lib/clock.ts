/**
 * "Now" on the BFF's clock. Expired / "in 3 days" must agree with what the BFF enforces, so the SPA measures
 * how far the browser's clock is from the server's (from `server_time` in BFF answers) and corrects by it.
 */
import { useSyncExternalStore } from 'react';

let skewMs = 0;
let tick = 0;
const listeners = new Set<() => void>();

/** Record a BFF answer's `server_time` (epoch ms) taken about now. */
export function recordServerTime(serverTime: number, clientNow: number = Date.now()): void {
  const next = serverTime - clientNow;
  // Ignore jitter under a second so components do not re-render for network noise.
  if (Math.abs(next - skewMs) < 1_000) return;
  skewMs = next;
  notify();
}

export function serverNow(): number {
  return Date.now() + skewMs;
}

function notify(): void {
  tick += 1;
  for (const listener of listeners) listener();
}

let timer: ReturnType<typeof setInterval> | undefined;
function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(notify, 30_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The server's "now", refreshed every 30 s so relative times and statuses move on while a page stays open. */
export function useNow(): number {
  useSyncExternalStore(
    subscribe,
    () => tick,
    () => tick,
  );
  return serverNow();
}
