/**
 * The three error families on the wire (docs/csms-api.md §6.1) and their bodies:
 *  - CSMS: `{error_code, error_msg}` (flat: secret/version/stage ops) or `{error:{error_code, error_msg}}`
 *    (nested: events, notification records);
 *  - the API gateway in front of every service: `{error_code:"APIGW.xxxx", error_msg, request_id}`;
 *  - IAM: `{error:{code, message, title}}`.
 */

export type ErrorShape = 'flat' | 'nested';

/** A CSMS answer. `notFound` errors take the status configured by `notFoundStatus` (404 or 400). */
export class CsmsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly notFound = false,
  ) {
    super(message);
    this.name = 'CsmsError';
  }
}

export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

export class IamError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly title: string,
  ) {
    super(message);
    this.name = 'IamError';
  }
}

export function csmsErrorBody(shape: ErrorShape, code: string, message: string): unknown {
  return shape === 'flat'
    ? { error_code: code, error_msg: message }
    : { error: { error_code: code, error_msg: message } };
}

export function gatewayErrorBody(code: string, message: string, requestId: string): unknown {
  return { error_code: code, error_msg: message, request_id: requestId };
}

export function iamErrorBody(status: number, message: string, title: string): unknown {
  return { error: { code: status, message, title } };
}

/** Published CSMS codes (docs/csms-api.md §6.3) and the few this emulator had to choose (README "Guesses"). */
export const csms = {
  invalidParameter: (detail?: string) =>
    new CsmsError(
      400,
      'CSMS.0002',
      detail ? `The value of parameter is invalid: ${detail}` : 'The value of parameter is invalid.',
    ),
  invalidRequest: (detail?: string) =>
    new CsmsError(400, 'CSMS.0003', detail ? `The request is invalid: ${detail}` : 'The request is invalid.'),
  badBody: (detail?: string) =>
    new CsmsError(
      400,
      'CSMS.0004',
      detail ? `The requested body format is wrong: ${detail}` : 'The requested body format is wrong.',
    ),
  resourceNotFound: (what: string) =>
    new CsmsError(400, 'CSMS.0005', `The resource does not exist: ${what}.`, true),
  secretNotFound: () => new CsmsError(400, 'CSMS.0106', 'The secret name not found int the db.', true),
  pendingDelete: () => new CsmsError(400, 'CSMS.0103', 'The secret is in the scheduled deletion state.'),
  systemStage: () => new CsmsError(400, 'CSMS.0105', 'Can not delete the system internal stage.'),
  alreadyPendingDelete: () => new CsmsError(400, 'CSMS.0107', 'The secret is in schedule delete state.'),
  notPendingDelete: () => new CsmsError(400, 'CSMS.0108', 'The secret is not in schedule delete state.'),
  quota: (what: string, limit: number) =>
    new CsmsError(400, 'CSMS.0202', `The number of ${what} has reached the upper limit (${limit}).`),
  stageLimit: () => new CsmsError(400, 'CSMS.0203', 'The number of stage has reached the upper limit.'),
  stageQuota: () => new CsmsError(400, 'CSMS.0204', 'The number of stage is greater than the quota limit.'),
  notEnabled: () => new CsmsError(403, 'CSMS.0109', 'The secret state is not enabled.'),
  forbidden: (detail: string) => new CsmsError(403, 'CSMS.0302', `The request is forbidden: ${detail}`),
  internal: () => new CsmsError(500, 'CSMS.0001', 'Internal server error.'),
};

const IAM_AUTH = 'Incorrect IAM authentication information';

/** The gateway's answers, codes as in API Gateway's published table (APIGW.0101/0201/0202/0203/0301/0308). */
export const gateway = {
  noSuchApi: () =>
    new GatewayError(
      404,
      'APIGW.0101',
      'The API does not exist or has not been published in the environment',
    ),
  noSuchMethod: () => new GatewayError(404, 'APIGW.0101', 'The API does not exist'),
  unauthorized: (detail: string) => new GatewayError(401, 'APIGW.0301', `${IAM_AUTH}: ${detail}`),
  throttled: (retryAfterSeconds: number) =>
    new GatewayError(429, 'APIGW.0308', 'The throttling threshold has been reached', {
      'retry-after': String(retryAfterSeconds),
    }),
  tooLarge: () => new GatewayError(413, 'APIGW.0201', 'Request entity too large', { connection: 'close' }),
  backendTimeout: () => new GatewayError(504, 'APIGW.0203', 'Backend timeout'),
  backendUnavailable: (status = 502) => new GatewayError(status, 'APIGW.0202', 'Backend unavailable'),
};
