/**
 * CSMS accounts from the environment. `CSMS_ACCOUNTS=prod,staging` names them; each reads
 * `CSMS_<NAME>_*` (name upper-cased, `-` as `_`):
 *
 *   REGION, PROJECT_ID, ENDPOINT (default https://kms.<region>.myhuaweicloud.com), and either
 *   AK + SK (+ SECURITY_TOKEN for temporary keys), or IAM_USER + IAM_PASSWORD + IAM_DOMAIN
 *   (+ IAM_ENDPOINT, default https://iam.<region>.myhuaweicloud.com).
 *
 * Every credential variable may instead be given as `<VAR>_FILE`, a path to a file holding it (a mounted
 * secret); trailing newlines are trimmed. Problems name variables, never values.
 */
import { Secret } from './secret.js';

export type AccountAuth =
  | { kind: 'aksk'; accessKey: Secret; secretKey: Secret; securityToken: Secret | undefined }
  | { kind: 'iam'; user: string; password: Secret; domain: string; iamEndpoint: string };

export interface AccountConfig {
  name: string;
  region: string;
  projectId: string;
  endpoint: string;
  auth: AccountAuth;
}

/** AK/SK auth from plain values (the embedded emulator's key, tests), each wrapped in a `Secret`. */
export function akskAuth(credentials: {
  accessKey: string;
  secretKey: string;
  securityToken?: string;
}): AccountAuth {
  return {
    kind: 'aksk',
    accessKey: new Secret(credentials.accessKey),
    secretKey: new Secret(credentials.secretKey),
    securityToken:
      credentials.securityToken === undefined ? undefined : new Secret(credentials.securityToken),
  };
}

const NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;
const REGION = /^[a-z0-9-]{1,64}$/;
const PROJECT_ID = /^[a-zA-Z0-9]{32,64}$/;
const IAM_NAME = /^[\x21-\x7e]{1,64}$/;

function httpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === ''
    );
  } catch {
    return false;
  }
}

export function readAccounts(
  env: Record<string, string | undefined>,
  readFile: (path: string) => string,
  problems: string[],
): AccountConfig[] | undefined {
  const list = env.CSMS_ACCOUNTS?.trim();
  if (list === undefined || list === '') return [];
  const names = list.split(',').map((s) => s.trim());
  const before = problems.length;
  const seen = new Set<string>();
  const accounts: AccountConfig[] = [];
  for (const name of names) {
    if (!NAME.test(name)) {
      problems.push('CSMS_ACCOUNTS: each name must match ^[a-z0-9][a-z0-9-]{0,31}$');
      continue;
    }
    if (seen.has(name)) {
      problems.push(`CSMS_ACCOUNTS: "${name}" is listed twice`);
      continue;
    }
    seen.add(name);
    const account = readAccount(name, env, readFile, problems);
    if (account) accounts.push(account);
  }
  return problems.length > before ? undefined : accounts;
}

function readAccount(
  name: string,
  env: Record<string, string | undefined>,
  readFile: (path: string) => string,
  problems: string[],
): AccountConfig | undefined {
  const prefix = `CSMS_${name.toUpperCase().replaceAll('-', '_')}_`;
  const plain = (key: string): string | undefined => {
    const v = env[prefix + key]?.trim();
    return v === '' ? undefined : v;
  };
  const secret = (key: string): Secret | undefined => {
    const direct = env[prefix + key];
    const file = env[`${prefix}${key}_FILE`];
    if (direct !== undefined && file !== undefined) {
      problems.push(`${prefix}${key}: give either ${prefix}${key} or ${prefix}${key}_FILE, not both`);
      return undefined;
    }
    if (file !== undefined) {
      try {
        const value = readFile(file).replace(/[\r\n]+$/, '');
        if (value === '') problems.push(`${prefix}${key}_FILE: the file is empty`);
        return value === '' ? undefined : new Secret(value);
      } catch {
        problems.push(`${prefix}${key}_FILE: cannot read the file`);
        return undefined;
      }
    }
    return direct === undefined || direct === '' ? undefined : new Secret(direct);
  };
  const start = problems.length;
  const region = plain('REGION');
  if (region === undefined) problems.push(`${prefix}REGION: is required`);
  else if (!REGION.test(region)) problems.push(`${prefix}REGION: must match ^[a-z0-9-]{1,64}$`);
  const projectId = plain('PROJECT_ID');
  if (projectId === undefined) problems.push(`${prefix}PROJECT_ID: is required`);
  else if (!PROJECT_ID.test(projectId)) problems.push(`${prefix}PROJECT_ID: must be 32-64 letters or digits`);
  const endpoint = plain('ENDPOINT') ?? (region ? `https://kms.${region}.myhuaweicloud.com` : '');
  if (!httpUrl(endpoint)) problems.push(`${prefix}ENDPOINT: must be an http(s) URL without credentials`);

  const accessKey = secret('AK');
  const secretKey = secret('SK');
  const securityToken = secret('SECURITY_TOKEN');
  const iamUser = plain('IAM_USER');
  const iamPassword = secret('IAM_PASSWORD');
  const iamDomain = plain('IAM_DOMAIN');
  const usesAksk = accessKey !== undefined || secretKey !== undefined;
  const usesIam = iamUser !== undefined || iamPassword !== undefined || iamDomain !== undefined;
  let auth: AccountAuth | undefined;
  if (usesAksk && usesIam) {
    problems.push(`${prefix}AK: give either AK/SK or IAM_USER/IAM_PASSWORD/IAM_DOMAIN, not both`);
  } else if (usesIam) {
    if (iamUser === undefined) problems.push(`${prefix}IAM_USER: is required with IAM_PASSWORD`);
    else if (!IAM_NAME.test(iamUser))
      problems.push(`${prefix}IAM_USER: must be 1-64 visible ASCII characters`);
    if (iamPassword === undefined) problems.push(`${prefix}IAM_PASSWORD: is required with IAM_USER`);
    if (iamDomain === undefined) problems.push(`${prefix}IAM_DOMAIN: is required with IAM_USER`);
    else if (!IAM_NAME.test(iamDomain))
      problems.push(`${prefix}IAM_DOMAIN: must be 1-64 visible ASCII characters`);
    const iamEndpoint = plain('IAM_ENDPOINT') ?? (region ? `https://iam.${region}.myhuaweicloud.com` : '');
    if (!httpUrl(iamEndpoint))
      problems.push(`${prefix}IAM_ENDPOINT: must be an http(s) URL without credentials`);
    if (iamUser && iamPassword && iamDomain)
      auth = { kind: 'iam', user: iamUser, password: iamPassword, domain: iamDomain, iamEndpoint };
  } else if (usesAksk) {
    if (accessKey === undefined) problems.push(`${prefix}AK: is required with SK`);
    if (secretKey === undefined) problems.push(`${prefix}SK: is required with AK`);
    if (accessKey && secretKey) auth = { kind: 'aksk', accessKey, secretKey, securityToken };
  } else {
    problems.push(
      `${prefix}AK: credentials are required (AK and SK, or IAM_USER, IAM_PASSWORD and IAM_DOMAIN)`,
    );
  }
  if (problems.length > start || !auth || !region || !projectId) return undefined;
  return { name, region, projectId, endpoint, auth };
}
