/**
 * The official signer, `AKSKSigner.sign` of `@huaweicloud/huaweicloud-sdk-core` (CJS), fed the way the SDK
 * feeds it for a CSMS call with `BasicCredentials`: `X-Project-Id`, `content-type: application/json`,
 * `X-Security-Token` for temporary credentials, and a fixed `X-Sdk-Date`.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface SdkRequest {
  endpoint: string;
  method: string;
  headers: Record<string, string>;
  queryParams: Record<string, string | string[]>;
  data?: unknown;
}

interface SdkModules {
  AKSKSigner: { sign(request: SdkRequest, credential: unknown): Record<string, string> };
}

const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js') as SdkModules;
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials.js') as {
  BasicCredentials: new () => { withAk(ak: string): { withSk(sk: string): unknown } };
};

export interface SdkSignInput {
  /** Origin plus the wire path, e.g. `https://kms.cn-north-4.myhuaweicloud.com/v1/p/secrets`. */
  url: string;
  method: string;
  projectId: string;
  sdkDate: string;
  securityToken?: string;
  /** Decoded pairs; repeated names become arrays, as the SDK's `queryParams` holds them. */
  query: ReadonlyArray<readonly [string, string]>;
  /** The JSON body as an object: the SDK hashes `JSON.stringify(data)`. */
  data?: unknown;
  accessKey: string;
  secretKey: string;
}

export function sdkAuthorization(input: SdkSignInput): string {
  const headers: Record<string, string> = {};
  if (input.securityToken !== undefined) headers['X-Security-Token'] = input.securityToken;
  headers['X-Project-Id'] = input.projectId;
  headers['content-type'] = 'application/json';
  headers['X-Sdk-Date'] = input.sdkDate;
  const queryParams = Object.create(null) as Record<string, string | string[]>;
  for (const [name, value] of input.query) {
    const existing = queryParams[name];
    if (existing === undefined) queryParams[name] = value;
    else queryParams[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  const credential = new BasicCredentials().withAk(input.accessKey).withSk(input.secretKey);
  const request: SdkRequest = {
    endpoint: input.url,
    method: input.method,
    headers,
    queryParams,
    data: input.data,
  };
  const signed = AKSKSigner.sign(request, credential);
  return signed.Authorization!;
}
