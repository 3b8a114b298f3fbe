/**
 * The notification page's words for the contract's codes: channel kinds (飞书/钉钉/企业微信 in Chinese),
 * delivery statuses (icon and word, never colour alone), delivery error codes, and a rule's lead times.
 */
import type {
  ChannelKind,
  DeliveryError,
  DeliveryStatus,
  NotifyLanguage,
  RuleVersions,
} from '@csms-console/api-contract';
import { t } from '../../../lib/i18n';

export const kindLabel = (kind: ChannelKind) => t(`notify.kind.${kind}`);
export const statusLabel = (status: DeliveryStatus) => t(`notify.status.${status}`);
export const versionsLabel = (versions: RuleVersions) => t(`notify.versions.${versions}`);
export const languageLabel = (language: NotifyLanguage) => t(`notify.language.${language}`);

/** A delivery failure in the user's words, by its stable code (the receiver's own message stays in the log). */
export const deliveryErrorText = (error: DeliveryError) => t(`notify.deliveryError.${error.code}`);

export const STATUS_LOOK: Record<DeliveryStatus, { icon: string; tone: string }> = {
  pending: { icon: '…', tone: 'neutral' },
  retrying: { icon: '↻', tone: 'warn' },
  sent: { icon: '✓', tone: 'good' },
  failed: { icon: '✗', tone: 'danger' },
};

/** "30, 7, 1 days + expired", "only when expired", or "30 days". */
export function leadText(days: readonly number[], onExpiry: boolean): string {
  const sorted = [...days].sort((a, b) => b - a);
  if (sorted.length === 0) return onExpiry ? t('notify.lead.onlyExpired') : t('notify.lead.none');
  // "1 day", "7 days", "7, 1 days": one value agrees with itself, a list is plural.
  const count = sorted.length === 1 ? sorted[0]! : sorted.length;
  const list = t('notify.lead.days', { days: sorted.join(', '), count });
  return onExpiry ? t('notify.lead.plusExpired', { list }) : list;
}
