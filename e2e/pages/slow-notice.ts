import type { Locator, Page } from '@playwright/test';

/** What the slow-read notice calls its parts, per language (components/ui/slow-notice.tsx). */
export const SLOW_NAMES = {
  en: { slow: 'CSMS is slow to answer', cancelled: 'Loading cancelled', cancel: 'Cancel', retry: 'Retry' },
  'zh-CN': { slow: 'CSMS 响应缓慢', cancelled: '已取消加载', cancel: '取消', retry: '重试' },
} as const;

/**
 * A read that has not answered after about 3 s, in place of its loading text: a status saying CSMS is slow,
 * with Cancel and Retry; after Cancel, a status saying loading was cancelled, with Retry.
 */
export class SlowNoticeView {
  constructor(
    readonly scope: Page | Locator,
    readonly names: (typeof SLOW_NAMES)[keyof typeof SLOW_NAMES] = SLOW_NAMES.en,
  ) {}

  slow(): Locator {
    return this.scope.getByRole('status').filter({ hasText: this.names.slow });
  }

  cancelled(): Locator {
    return this.scope.getByRole('status').filter({ hasText: this.names.cancelled });
  }

  cancel(): Locator {
    return this.slow().getByRole('button', { name: this.names.cancel, exact: true });
  }

  /** Retry, in either state. */
  retry(): Locator {
    return this.scope
      .getByRole('status')
      .filter({ hasText: new RegExp(`${this.names.slow}|${this.names.cancelled}`) })
      .getByRole('button', { name: this.names.retry, exact: true });
  }
}
