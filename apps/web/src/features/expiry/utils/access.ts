/**
 * Who may open the expiry editor for which version, as the secret page asks it: per row (the Change expiry
 * button) and for a `?edit=` in the URL. The wording is rules.ts's `editability`.
 */
import type { ExpiryPolicy, SecretDetail, Version } from '@csms-console/api-contract';
import { t } from '../../../lib/i18n';
import { editability } from './rules';

/** A row's Change expiry button: hidden for a role that cannot edit, disabled with the reason, or enabled. */
export type ExpiryAction = { kind: 'hidden' } | { kind: 'enabled' } | { kind: 'disabled'; reason: string };

export function expiryAction(
  policy: ExpiryPolicy,
  detail: SecretDetail,
  version: Version,
  now: number,
): ExpiryAction {
  if (!policy.can_edit) return { kind: 'hidden' };
  const verdict = editability({
    policy,
    secretState: detail.secret.state,
    current: version.expire_time,
    now,
  });
  return verdict.editable ? { kind: 'enabled' } : { kind: 'disabled', reason: verdict.reason };
}

/** Why `?edit=<id>` names nothing the user can open, or null when the editor may open. */
export function editRefusal(
  policy: ExpiryPolicy,
  detail: SecretDetail,
  id: string,
  now: number,
): string | null {
  const version = detail.versions.find((v) => v.id === id);
  if (!version) return t('expiry.access.noVersion', { id });
  const verdict = editability({
    policy,
    secretState: detail.secret.state,
    current: version.expire_time,
    now,
  });
  return verdict.editable ? null : t('expiry.access.refused', { id, reason: verdict.reason });
}
