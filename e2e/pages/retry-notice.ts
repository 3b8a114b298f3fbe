import type { Locator, Page } from '@playwright/test';

/**
 * The in-place notice for a 429/503 (components/ui/retry-notice.tsx): a status (reads) or an alert (a
 * refused save), with a `timer` counting down to the server's Retry-After and, for reads, "Retry now".
 */
export class RetryNoticeView {
  constructor(readonly scope: Page | Locator) {}

  root(): Locator {
    return this.scope
      .getByRole('status')
      .or(this.scope.getByRole('alert'))
      .filter({ hasText: /slow down|temporarily unavailable/ });
  }

  countdown(): Locator {
    return this.root().getByRole('timer');
  }

  retryNow(): Locator {
    return this.root().getByRole('button', { name: 'Retry now' });
  }

  /** The whole seconds the countdown shows now (`12 s`). */
  async secondsLeft(): Promise<number> {
    const text = (await this.countdown().textContent()) ?? '';
    const match = /^(\d+) s$/.exec(text.trim());
    if (!match) throw new Error(`not a countdown: ${JSON.stringify(text)}`);
    return Number(match[1]);
  }
}
