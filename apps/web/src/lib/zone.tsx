/**
 * The time zone dates are shown in: the browser's zone or UTC, chosen in the header and remembered in this
 * browser. Every absolute time on screen names its zone; `lib/time.ts` does the formatting.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { resolveZone, type ZoneChoice } from './time';

const STORAGE_KEY = 'csms-console.zone';

interface ZoneState {
  choice: ZoneChoice;
  /** IANA name of the zone in use ('UTC' or the browser's zone). */
  zone: string;
  setChoice: (choice: ZoneChoice) => void;
}

const ZoneContext = createContext<ZoneState | null>(null);

function initialChoice(): ZoneChoice {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'utc' ? 'utc' : 'local';
  } catch {
    return 'local';
  }
}

export function ZoneProvider({ children }: { children: ReactNode }) {
  const [choice, setChoiceState] = useState<ZoneChoice>(initialChoice);
  const setChoice = useCallback((next: ZoneChoice) => {
    setChoiceState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Storage may be off (private mode); the choice still holds for this page.
    }
  }, []);
  const value = useMemo(() => ({ choice, zone: resolveZone(choice), setChoice }), [choice, setChoice]);
  return <ZoneContext.Provider value={value}>{children}</ZoneContext.Provider>;
}

export function useZone(): ZoneState {
  const state = useContext(ZoneContext);
  if (!state) throw new Error('useZone needs a ZoneProvider');
  return state;
}
