/**
 * Links into the audit page (`/audit?...`, features/audit/utils/audit-params.ts reads them). Here in lib/
 * because the versions, expiry and fleet features link to a version's history or a change's entry, and
 * features do not import each other.
 */
export interface AuditLinkFilter {
  account?: string;
  secret?: string;
  version?: string;
  batch?: string;
  entry?: string;
}

export const AUDIT_PATH = '/audit';

/** `/audit?account=a&secret=s&version=v`: only the filters given, in a fixed order, each value encoded. */
export function auditHref(filter: AuditLinkFilter): string {
  const search = new URLSearchParams();
  for (const key of ['account', 'secret', 'version', 'batch', 'entry'] as const) {
    const value = filter[key];
    if (value) search.set(key, value);
  }
  const query = search.toString();
  return query ? `${AUDIT_PATH}?${query}` : AUDIT_PATH;
}

/** The history of one version: every change the console made to it (and what it read before). */
export const versionHistoryHref = (account: string, secret: string, version: string) =>
  auditHref({ account, secret, version });
