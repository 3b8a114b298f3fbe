import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ERROR_MSG_LENGTH, parseErrorBody } from './error-body.js';
import { CsmsHttpError, CsmsInputError, isInvalidTokenError } from './errors.js';
import { HttpTransport } from './transport.js';
import { CANARY, catchError } from '../test/support/secrets.js';
import { fastRuntime, startServer, type TestServer } from '../test/support/server.js';

interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

const answers: Record<string, Answer> = {
  flat: {
    status: 404,
    body: '{"error_code":"CSMS.0005","error_msg":"The resource does not exist."}',
    headers: { 'x-request-id': 'rid-flat' },
  },
  nested: {
    status: 400,
    body: '{"error":{"error_code":"CSMS.0002","error_msg":"The value of parameter is invalid."}}',
    headers: { 'x-request-id': 'rid-nested' },
  },
  iam: {
    status: 401,
    body: '{"error":{"code":401,"message":"The username or password is wrong.","title":"Unauthorized"}}',
    headers: { 'x-request-id': 'rid-iam' },
  },
  apigw: {
    status: 401,
    body: '{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: verify aksk signature fail","request_id":"rid-body"}',
  },
  html: {
    status: 502,
    body: '<html><body>Bad Gateway</body></html>',
    headers: { 'x-request-id': 'rid-html' },
  },
  long: { status: 400, body: JSON.stringify({ error_code: 'CSMS.0002', error_msg: 'm'.repeat(10_000) }) },
  echo: {
    status: 403,
    body: JSON.stringify({ error_code: 'APIGW.0302', error_msg: `ak ${CANARY.accessKey} is not allowed` }),
  },
};

let server: TestServer;
let transport: HttpTransport;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const answer = answers[req.url.slice(1)]!;
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body);
  });
  transport = new HttpTransport({ runtime: fastRuntime().runtime });
});

afterAll(async () => {
  transport.close();
  await server.close();
});

function fetchError(name: string): Promise<CsmsHttpError> {
  const call = transport.send({
    operation: 'ShowSecret',
    method: 'POST',
    endpoint: new URL(server.url),
    path: `/${name}`,
    query: [],
    headers: () => ({}),
    redact: [CANARY.accessKey, CANARY.secretKey],
  });
  return catchError(call, CsmsHttpError);
}

describe('CsmsHttpError from every error body shape', () => {
  it.each([
    ['flat', 404, 'CSMS.0005', 'The resource does not exist.', 'rid-flat'],
    ['nested', 400, 'CSMS.0002', 'The value of parameter is invalid.', 'rid-nested'],
    ['iam', 401, '401', 'The username or password is wrong.', 'rid-iam'],
    [
      'apigw',
      401,
      'APIGW.0301',
      'Incorrect IAM authentication information: verify aksk signature fail',
      'rid-body',
    ],
  ])('%s', async (name, status, errorCode, errorMsg, requestId) => {
    const error = await fetchError(name);
    expect(error).toMatchObject({
      status,
      errorCode,
      errorMsg,
      requestId,
      operation: 'ShowSecret',
      code: 'http_error',
    });
    expect(error.message).toContain(errorCode);
    expect(error.message).toContain(requestId);
  });

  it('a non-JSON body gives the status and request id, and none of the body', async () => {
    const error = await fetchError('html');
    expect(error).toMatchObject({
      status: 502,
      errorCode: undefined,
      errorMsg: undefined,
      requestId: 'rid-html',
    });
    expect(JSON.stringify(error)).not.toContain('Bad Gateway');
    expect(error.message).toBe('ShowSecret failed with HTTP 502 (no CSMS error body) [request rid-html]');
  });

  it('caps error_msg', async () => {
    const error = await fetchError('long');
    expect(error.errorMsg!.length).toBeLessThanOrEqual(MAX_ERROR_MSG_LENGTH);
  });

  it('redacts a credential the upstream echoes back', async () => {
    const error = await fetchError('echo');
    expect(error.errorMsg).toBe('ak [REDACTED] is not allowed');
  });

  it('serialises to its own fields only', async () => {
    const error = await fetchError('flat');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'CsmsHttpError',
      code: 'http_error',
      message: 'ShowSecret failed with HTTP 404 CSMS.0005: The resource does not exist. [request rid-flat]',
      operation: 'ShowSecret',
      attempts: 1,
      status: 404,
      errorCode: 'CSMS.0005',
      errorMsg: 'The resource does not exist.',
      requestId: 'rid-flat',
      $metadata: { requestId: 'rid-flat', attempts: 1, httpStatusCode: 404, totalRetryDelayMs: 0 },
    });
  });
});

describe('parseErrorBody', () => {
  it('ignores bodies of other shapes and strips control characters', () => {
    expect(parseErrorBody('{"message":"x"}')).toEqual({});
    expect(parseErrorBody('null')).toEqual({});
    expect(parseErrorBody('{"error_code":"A\\u0000B","error_msg":"line1\\nline2"}')).toEqual({
      errorCode: 'A B',
      errorMsg: 'line1 line2',
    });
  });
});

describe('isInvalidTokenError', () => {
  const http = (status: number, errorCode?: string) =>
    new CsmsHttpError({ operation: 'X', attempts: 1, status, errorCode });
  it('is a 401, or a 400 CSMS.0301', () => {
    expect(isInvalidTokenError(http(401, 'APIGW.0301'))).toBe(true);
    expect(isInvalidTokenError(http(400, 'CSMS.0301'))).toBe(true);
    expect(isInvalidTokenError(http(400, 'CSMS.0002'))).toBe(false);
    expect(isInvalidTokenError(http(403))).toBe(false);
    expect(isInvalidTokenError(new CsmsInputError('x', 'y'))).toBe(false);
  });
});
