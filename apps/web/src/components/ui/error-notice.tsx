import { isApiError } from '../../lib/api-client';

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
      {api ? (
        <dl className="error-refs">
          <dt>Error code</dt>
          <dd>
            <code>{api.code}</code>
          </dd>
          {api.csmsCode ? (
            <>
              <dt>CSMS code</dt>
              <dd>
                <code>{api.csmsCode}</code>
              </dd>
            </>
          ) : null}
          {api.requestId ? (
            <>
              <dt>Request id</dt>
              <dd>
                <code>{api.requestId}</code>
              </dd>
            </>
          ) : null}
          {api.csmsRequestId ? (
            <>
              <dt>CSMS request id</dt>
              <dd>
                <code>{api.csmsRequestId}</code>
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </div>
  );
}
