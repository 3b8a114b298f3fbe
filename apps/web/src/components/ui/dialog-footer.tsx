import type { ReactNode } from 'react';

/**
 * The actions at the foot of a dialog (or of one step of it): the way back or out first, the primary
 * action last, where the eye ends up. One place for the layout, so every step lines its buttons up alike.
 */
export function DialogFooter({ children }: { children: ReactNode }) {
  return <div className="dialog-footer">{children}</div>;
}
