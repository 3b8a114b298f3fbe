/** Paths of the BFF's API, built with every segment encoded. The one place the SPA and tests get them from. */
const seg = encodeURIComponent;

export const apiPaths = {
  login: () => '/bff/login',
  logout: () => '/bff/logout',
  user: () => '/bff/user',
  session: () => '/bff/session',
  keepalive: () => '/bff/session/keepalive',
  bootstrap: () => '/bff/bootstrap',
  accounts: () => '/api/accounts',
  secrets: (account: string) => `/api/accounts/${seg(account)}/secrets`,
  secret: (account: string, secret: string) => `/api/accounts/${seg(account)}/secrets/${seg(secret)}`,
  version: (account: string, secret: string, version: string) =>
    `/api/accounts/${seg(account)}/secrets/${seg(secret)}/versions/${seg(version)}`,
  audit: () => '/api/audit',
  auditExport: () => '/api/audit/export.csv',
  auditVerify: () => '/api/audit/verify',
  auditEvents: () => '/api/audit/events',
  auditEventsExport: () => '/api/audit/events.csv',
  outsideChanges: (account: string) => `/api/accounts/${seg(account)}/outside-changes`,
  expiry: (account: string) => `/api/accounts/${seg(account)}/expiry`,
  batches: (account: string) => `/api/accounts/${seg(account)}/expiry-batches`,
  batch: (account: string, id: string) => `/api/accounts/${seg(account)}/expiry-batches/${seg(id)}`,
  batchRetry: (account: string, id: string) =>
    `/api/accounts/${seg(account)}/expiry-batches/${seg(id)}/retry`,
  notifyRules: () => '/api/notifications/rules',
  notifyRule: (id: string) => `/api/notifications/rules/${seg(id)}`,
  notifyChannels: () => '/api/notifications/channels',
  notifyChannel: (id: string) => `/api/notifications/channels/${seg(id)}`,
  notifyChannelTest: (id: string) => `/api/notifications/channels/${seg(id)}/test`,
  notifyDeliveries: () => '/api/notifications/deliveries',
  notifyDelivery: (id: string) => `/api/notifications/deliveries/${seg(id)}`,
  notifyEvaluate: () => '/api/notifications/evaluate',
  notifyStatus: () => '/api/notifications/status',
} as const;

/** The static anti-CSRF header every `/api` and `/bff` request carries (docs/security.md C2). */
export const CSRF_HEADER = { name: 'X-CSRF', value: '1' } as const;
