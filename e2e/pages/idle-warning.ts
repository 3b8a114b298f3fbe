import type { Locator, Page } from '@playwright/test';

/** What the idle warning calls its parts, per language (features/session/components/idle-warning.tsx). */
export const IDLE_NAMES = {
  en: { title: 'Your session is about to end', stay: 'Stay signed in', signOut: 'Sign out' },
  'zh-CN': { title: '会话即将超时', stay: '保持登录', signOut: '退出登录' },
} as const;

/** The modal alert dialog shown before the session idles out, with its countdown. */
export class IdleWarningDialog {
  constructor(
    readonly page: Page,
    readonly names: (typeof IDLE_NAMES)[keyof typeof IDLE_NAMES] = IDLE_NAMES.en,
  ) {}

  root(): Locator {
    return this.page.getByRole('alertdialog', { name: this.names.title });
  }

  countdown(): Locator {
    return this.root().getByRole('timer');
  }

  stay(): Locator {
    return this.root().getByRole('button', { name: this.names.stay });
  }

  signOut(): Locator {
    return this.root().getByRole('button', { name: this.names.signOut });
  }
}
