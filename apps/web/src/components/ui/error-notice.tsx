import { isApiError, type ApiError } from '../../lib/api-client';

/**
 * A failure as the user needs it: what happened in a sentence, and the references support asks for (our
 * request id, and CSMS's error code and request id when CSMS refused). Never a stack trace.
 */
export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  const api = isApiError(error) ? error : null;
  const message = api ? api.message : 'Something went wrong in the console. Reload the page and try again.';
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">
        <span aria-hidden="true">⚠ </span>
        {title ?? 'Error'}
      </p>
      <p>{message}</p>
      {api ? <ErrorRefs error={api} /> : null}
    </div>
  );
}

/** The references support asks for: our error code and request id, CSMS's code and request id when it refused. */
export function ErrorRefs({ error }: { error: ApiError }) {
  return (
    <dl className="error-refs">
      <dt>Error code</dt>
      <dd>
        <code>{error.code}</code>
      </dd>
      {error.csmsCode ? (
        <>
          <dt>CSMS code</dt>
          <dd>
            <code>{error.csmsCode}</code>
          </dd>
        </>
      ) : null}
      {error.requestId ? (
        <>
          <dt>Request id</dt>
          <dd>
            <code>{error.requestId}</code>
          </dd>
        </>
      ) : null}
      {error.csmsRequestId ? (
        <>
          <dt>CSMS request id</dt>
          <dd>
            <code>{error.csmsRequestId}</code>
          </dd>
        </>
      ) : null}
    </dl>
  );
}
