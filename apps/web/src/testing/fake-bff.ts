/**
 * The network boundary of component tests: a `fetch` that answers as the BFF does, and nothing else of ours
 * is replaced. Every body it sends is first parsed with the api-contract schema of that answer, so a test
 * cannot feed the SPA a shape the BFF would never send. GETs answer from `data`; each PUT takes the next
 * queued answer (a test that forgets to queue one fails loudly), except a PUT without the reason the session's
 * policy requires: that is 422 `reason_required`, as the BFF answers it, whatever is queued.
 */
import {
  ErrorBodySchema,
  SecretDetailSchema,
  SessionUserSchema,
  UpdateExpiryInputSchema,
  UpdateExpiryResultSchema,
  apiPaths,
  isReasonMissing,
  type ErrorCode,
  type SecretDetail,
  type SessionUser,
  type UpdateExpiryInput,
  type UpdateExpiryResult,
} from '@csms-console/api-contract';

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RecordedPut {
  path: string;
  body: UpdateExpiryInput;
}

export const saved = (result: UpdateExpiryResult): Reply => ({
  status: 200,
  body: UpdateExpiryResultSchema.parse(result),
});

export function failure(
  status: number,
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
  headers?: Record<string, string>,
): Reply {
  const body = ErrorBodySchema.parse({
    error: { code, message, requestId: 'req-test-1', ...(details ? { details } : {}) },
  });
  return { status, body, ...(headers ? { headers } : {}) };
}

export class FakeBff {
  readonly puts: RecordedPut[] = [];
  readonly gets: string[] = [];
  private readonly queued: Reply[] = [];

  constructor(
    readonly account: string,
    private data: { user: SessionUser; detail: SecretDetail },
  ) {}

  /** The answer to the next PUT. */
  answerNextPut(reply: Reply): void {
    this.queued.push(reply);
  }

  readonly fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const path = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
    const method = init?.method ?? 'GET';
    const { user, detail } = this.data;
    if (method === 'GET') {
      this.gets.push(path);
      if (path === apiPaths.user()) return respond({ status: 200, body: SessionUserSchema.parse(user) });
      if (path === apiPaths.secret(this.account, detail.secret.name))
        return respond({ status: 200, body: SecretDetailSchema.parse(detail) });
    }
    if (method === 'PUT') {
      // What the SPA sent must be what the BFF accepts.
      const sent = typeof init?.body === 'string' ? init.body : '';
      const body = UpdateExpiryInputSchema.parse(JSON.parse(sent));
      this.puts.push({ path, body });
      if (isReasonMissing(user.expiry_policy, body.reason)) {
        const message = 'Give a reason for this change; it is kept in the audit log.';
        return respond(failure(422, 'reason_required', message));
      }
      const reply = this.queued.shift();
      if (!reply) throw new Error(`FakeBff: no answer queued for PUT ${path}`);
      // A save changes what the next read of the secret returns, as it does in CSMS.
      const stored = reply.status === 200 ? UpdateExpiryResultSchema.parse(reply.body).version : null;
      if (stored) {
        this.data.detail = {
          ...detail,
          versions: detail.versions.map((v) => (v.id === stored.id ? stored : v)),
        };
      }
      return respond(reply);
    }
    throw new Error(`FakeBff: unexpected ${method} ${path}`);
  };
}

function respond(reply: Reply): Promise<Response> {
  return Promise.resolve(
    new Response(JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'req-test-1', ...reply.headers },
    }),
  );
}
