import type { AuditAction, AuditEventOutcome, Role } from '@csms-console/api-contract';
import { t } from '../../../lib/i18n';

/** Each action as people read it; the code stays visible in the filter and the CSV. */
export const actionLabel = (action: AuditAction) => t(`audit.action.${action}`);

export const outcomeLabel = (outcome: AuditEventOutcome) => t(`audit.outcome.${outcome}`);

export const roleLabel = (role: Role) => t(`role.${role}`);

/** Icon and word, never colour alone (the status classes only tint). */
export const OUTCOME_LOOK: Record<AuditEventOutcome, { icon: string; tone: string }> = {
  applied: { icon: '✓', tone: 'good' },
  ok: { icon: '✓', tone: 'good' },
  reconciled: { icon: '↻', tone: 'warn' },
  pending: { icon: '…', tone: 'neutral' },
  failed: { icon: '✗', tone: 'danger' },
  denied: { icon: '⛔', tone: 'danger' },
  rejected: { icon: '✗', tone: 'danger' },
};
