import type { AuditAction, AuditEventOutcome, Role } from '@csms-console/api-contract';

/** Each action as people read it; the code stays visible in the filter and the CSV. */
export const ACTION_LABEL: Record<AuditAction, string> = {
  'version.update': 'Expiry change',
  'auth.login': 'Sign-in',
  'auth.login_failed': 'Failed sign-in',
  'auth.logout': 'Sign-out',
  'auth.bootstrap': 'First admin created',
  'session.revoked': 'Session revoked',
  'authz.denied': 'Access denied',
  'request.rejected': 'Request refused',
  'audit.view': 'Audit log viewed',
  'audit.export': 'Audit log exported',
  'audit.verify': 'Audit chain verified',
  'user.create': 'User created',
  'user.password_reset': 'Password reset',
  'user.role_change': 'Role changed',
  'user.disable': 'User disabled',
  'user.enable': 'User enabled',
  'upstream.auth_failed': 'CSMS refused the console’s credentials',
};

export const OUTCOME_LABEL: Record<AuditEventOutcome, string> = {
  applied: 'Applied',
  failed: 'Failed',
  reconciled: 'Reconciled',
  pending: 'Pending',
  ok: 'OK',
  denied: 'Denied',
  rejected: 'Rejected',
};

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

export const ROLE_LABEL: Record<Role, string> = {
  admin: 'Security admin',
  support: 'Support',
  auditor: 'Auditor',
};
