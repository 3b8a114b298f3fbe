/**
 * The secret page's path (`/accounts/:account/secrets/:secret`, app/router.tsx), each segment encoded. Here
 * in lib/ because the secrets list, the fleet board, the audit page and the notifications page all link to
 * it, and features do not import each other.
 */
export const secretHref = (account: string, secret: string) =>
  `/accounts/${encodeURIComponent(account)}/secrets/${encodeURIComponent(secret)}`;
