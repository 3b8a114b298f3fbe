/**
 * Golden vectors: the two worked examples of docs/csms-api.md §7.1, computed there with the official SDK's
 * `AKSKSigner.sign`. Exported so the emulator's verifier is held to the same bytes.
 */
export const WORKED_EXAMPLES = {
  credentials: {
    accessKey: 'AKEXAMPLE0000000000',
    secretKey: 'SKEXAMPLE00000000000000000000000000000000',
    projectId: '0123456789abcdef0123456789abcdef',
  },
  host: 'kms.cn-north-4.myhuaweicloud.com',
  sdkDate: '20240101T000000Z',
  updateVersion: {
    method: 'PUT',
    path: '/v1/0123456789abcdef0123456789abcdef/secrets/demo-secret/versions/v1',
    query: [] as Array<[string, string]>,
    body: '{"expire_time":1735689600000}',
    canonicalRequest: [
      'PUT',
      '/v1/0123456789abcdef0123456789abcdef/secrets/demo-secret/versions/v1/',
      '',
      'content-type:application/json',
      'host:kms.cn-north-4.myhuaweicloud.com',
      'x-project-id:0123456789abcdef0123456789abcdef',
      'x-sdk-date:20240101T000000Z',
      '',
      'content-type;host;x-project-id;x-sdk-date',
      '5d5c7ffeef39f31d1dd9f55b05e86c0c5b44dee3ae99b6d464d3400b30c44a3a',
    ].join('\n'),
    stringToSign:
      'SDK-HMAC-SHA256\n20240101T000000Z\n8eb0b4b957461a512270eb18276294a5543b3a34f29445029ebc3e217cb204c3',
    authorization:
      'SDK-HMAC-SHA256 Access=AKEXAMPLE0000000000, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=11006f5a8d7891638f50f5431d2a79b210990915b1272828a1c22f7b82e1f7ac',
  },
  listSecretVersions: {
    method: 'GET',
    path: '/v1/0123456789abcdef0123456789abcdef/secrets/demo-secret/versions',
    query: [
      ['limit', '10'],
      ['marker', 'v3'],
    ] as Array<[string, string]>,
    body: '',
    canonicalRequestSha256: '2e62cabfd3bdc2b56a70ddd80691dbbfd981984cc07694abfc543b276ffb4bde',
    signature: '0075a5132312ca0799f852f693cc0ab6d0f80f9eaebaaa8c4d22999f88f834e3',
  },
} as const;
