import { expect, type Locator, type Page, type Response } from '@playwright/test';
import { dayButtonLabel, monthLabel, type Ymd } from '../fixtures/time.js';

/**
 * The expiry editor: a modal `<dialog>` named `Change expiry of <id>`. Edit step (Date, Time, Zone, presets,
 * calendar, reason, preview with the CSMS request body) -> `Review change` -> review step -> `Save` -> saved,
 * conflict or error.
 */
export class ExpiryDialog {
  constructor(
    readonly page: Page,
    readonly versionId: string,
  ) {}

  root(): Locator {
    return this.page.getByRole('dialog', { name: `Change expiry of ${this.versionId}`, exact: true });
  }

  async expectOpen(): Promise<void> {
    await expect(this.root()).toBeVisible();
    await expect(this.date()).toBeVisible();
  }

  // Edit step

  date(): Locator {
    return this.root().getByRole('textbox', { name: 'Date', exact: true });
  }

  time(): Locator {
    return this.root().getByRole('textbox', { name: 'Time', exact: true });
  }

  reason(): Locator {
    return this.root().getByRole('textbox', { name: /^Reason/ });
  }

  /** Types the reason the console asks for by default (`REQUIRE_REASON`). */
  async giveReason(text = 'e2e: CHG-1 renewal'): Promise<void> {
    await this.reason().fill(text);
  }

  /** The message at the reason field when a change has none (the SPA's check, or the BFF's 422). */
  reasonError(): Locator {
    return this.root().locator('#expiry-reason-error');
  }

  zone(): Locator {
    return this.root().getByRole('group', { name: 'Zone', exact: true });
  }

  zoneRadio(choice: 'local' | 'utc'): Locator {
    return this.zone().getByRole(
      'radio',
      choice === 'utc' ? { name: 'UTC', exact: true } : { name: /^Local \(/ },
    );
  }

  preset(label: '+30 days' | '+90 days' | '+1 year' | 'End of quarter' | 'Same as SYSCURRENT'): Locator {
    return this.root().getByRole('button', { name: label, exact: true });
  }

  /** The month grid currently shown (named like `January 2027`). */
  calendar(): Locator {
    return this.root().getByRole('grid');
  }

  nextMonth(): Locator {
    return this.root().getByRole('button', { name: /next month/i });
  }

  previousMonth(): Locator {
    return this.root().getByRole('button', { name: /previous month/i });
  }

  /** A day button of the shown month (outside days of the neighbouring months share the label). */
  dayButton(day: Ymd): Locator {
    return this.calendar()
      .getByRole('button', { name: new RegExp(`^(Today, )?${dayButtonLabel(day)}(, selected)?$`) })
      .first();
  }

  /** Pages the calendar forward to the day's month (at most two years) and clicks the day. */
  async pickDay(day: Ymd): Promise<void> {
    const month = monthLabel(day);
    for (let i = 0; i < 24; i++) {
      if ((await this.calendar().getAttribute('aria-label')) === month) break;
      await this.nextMonth().click();
    }
    await expect(this.calendar()).toHaveAccessibleName(month);
    await this.dayButton(day).click();
    await expect(this.date()).toHaveValue(day);
  }

  async setTime(time: string): Promise<void> {
    await this.time().fill(time);
    await expect(this.time()).toHaveValue(time);
  }

  /** Types a date and a time into the fields. */
  async type(day: Ymd, time: string): Promise<void> {
    await this.date().fill(day);
    await this.setTime(time);
  }

  preview(): Locator {
    return this.root().getByRole('region', { name: 'Preview' });
  }

  /** The `CSMS request body` block (edit step preview and review step). */
  requestBody(): Locator {
    return this.root().getByRole('figure', { name: 'CSMS request body' });
  }

  /** The `expire_time` the request body block shows, parsed. */
  async requestedExpireTime(): Promise<number> {
    const text = await this.requestBody().getByRole('code').textContent();
    return (JSON.parse(text ?? 'null') as { expire_time: number }).expire_time;
  }

  /** Field problems under the Date/Time fields (e.g. what the role may pick instead). */
  problems(): Locator {
    return this.root().locator('.expiry-problems');
  }

  reviewButton(): Locator {
    return this.root().getByRole('button', { name: 'Review change' });
  }

  cancelButton(): Locator {
    return this.root().getByRole('button', { name: 'Cancel' });
  }

  // Review step

  reviewHeading(): Locator {
    return this.root().getByRole('heading', { name: `Review the change to ${this.versionId}` });
  }

  typedConfirmation(secret: string): Locator {
    return this.root().getByRole('textbox', { name: `Type ${secret} to confirm` });
  }

  saveButton(): Locator {
    return this.root().getByRole('button', { name: 'Save', exact: true });
  }

  async review(): Promise<void> {
    await this.reviewButton().click();
    await expect(this.reviewHeading()).toBeVisible();
  }

  // Outcomes

  /** The success notice (`Saved: CSMS now stores this expiry for <id>`). */
  saved(): Locator {
    return this.root().getByRole('status').filter({ hasText: 'Saved' });
  }

  /** The conflict notice: someone changed the expiry in the meantime, with the value CSMS holds now. */
  conflict(): Locator {
    return this.root().getByRole('alert').filter({ hasText: 'changed this expiry' });
  }

  retryFromNewValue(): Locator {
    return this.root().getByRole('button', { name: 'Retry from the new value' });
  }

  /** An error notice (message, error code, CSMS code, request id). */
  error(): Locator {
    return this.root().getByRole('alert').filter({ hasText: 'Error code' });
  }

  /** A labelled reference of the error notice (`Error code`, `Request id`, `CSMS code`, ...). */
  errorRef(term: string): Locator {
    return this.error()
      .getByRole('term')
      .filter({ hasText: new RegExp(`^${term}$`) })
      .locator('xpath=following-sibling::dd[1]');
  }

  closeButton(): Locator {
    return this.root().getByRole('button', { name: 'Close', exact: true });
  }

  /** Clicks Save on the review step; resolves with the BFF's answer to the PUT. */
  async save(): Promise<Response> {
    const put = this.page.waitForResponse(
      (r) => r.request().method() === 'PUT' && /\/versions\/[^/]+$/.test(new URL(r.url()).pathname),
    );
    await this.saveButton().click();
    return put;
  }
}
