/** The tab's estimate of when its session ends, from the BFF's times and from its own requests. */
import type { SessionTimes } from '@csms-console/api-contract';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  clearSessionDeadline,
  endsAbsolutely,
  endsAt,
  recordSessionTimes,
  recordSessionUse,
  sessionDeadline,
  warnAt,
} from './session-deadline';

const MIN = 60_000;
const SERVER_NOW = Date.UTC(2026, 4, 4, 9, 0, 0);

function times(idleTimeoutS: number, over: Partial<SessionTimes> = {}): SessionTimes {
  return {
    session_expires_in: idleTimeoutS,
    session_expires_at: SERVER_NOW + idleTimeoutS * 1000,
    idle_expires_at: SERVER_NOW + idleTimeoutS * 1000,
    absolute_expires_at: SERVER_NOW + 12 * 60 * MIN,
    idle_timeout_s: idleTimeoutS,
    server_time: SERVER_NOW,
    ...over,
  };
}

beforeEach(() => clearSessionDeadline());

describe('session deadline', () => {
  it('puts the server’s ends on the browser clock, whatever the two clocks differ by', () => {
    const browserNow = SERVER_NOW + 7_000; // the browser's clock runs 7 s ahead
    recordSessionTimes(times(30 * 60), browserNow);
    expect(sessionDeadline()).toEqual({
      idleAt: browserNow + 30 * MIN,
      absoluteAt: browserNow + 12 * 60 * MIN,
      idleTimeoutMs: 30 * MIN,
    });
  });

  it('warns 2 minutes before the end, or half the idle timeout before it when that is shorter', () => {
    recordSessionTimes(times(30 * 60), SERVER_NOW);
    expect(warnAt(sessionDeadline()!)).toBe(SERVER_NOW + 28 * MIN);
    recordSessionTimes(times(60), SERVER_NOW);
    expect(warnAt(sessionDeadline()!)).toBe(SERVER_NOW + 30_000);
    recordSessionTimes(times(4 * 60), SERVER_NOW);
    expect(warnAt(sessionDeadline()!)).toBe(SERVER_NOW + 2 * MIN);
  });

  it('a request that counted as use moves the idle end to a second before it left + the timeout', () => {
    recordSessionTimes(times(30 * 60), SERVER_NOW);
    recordSessionUse(SERVER_NOW + 10 * MIN);
    expect(sessionDeadline()!.idleAt).toBe(SERVER_NOW + 40 * MIN - 1_000);
    // An older request answering late never moves it back.
    recordSessionUse(SERVER_NOW + 5 * MIN);
    expect(sessionDeadline()!.idleAt).toBe(SERVER_NOW + 40 * MIN - 1_000);
  });

  it('never past the absolute end, which then ends the session', () => {
    recordSessionTimes(times(30 * 60, { absolute_expires_at: SERVER_NOW + 35 * MIN }), SERVER_NOW);
    expect(endsAbsolutely(sessionDeadline()!)).toBe(false);
    recordSessionUse(SERVER_NOW + 10 * MIN);
    expect(endsAt(sessionDeadline()!)).toBe(SERVER_NOW + 35 * MIN);
    expect(endsAbsolutely(sessionDeadline()!)).toBe(true);
  });

  it('nothing to track before sign-in or after sign-out', () => {
    recordSessionUse(SERVER_NOW);
    expect(sessionDeadline()).toBeNull();
    recordSessionTimes(times(60), SERVER_NOW);
    clearSessionDeadline();
    expect(sessionDeadline()).toBeNull();
  });
});
