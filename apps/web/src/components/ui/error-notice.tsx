import { isApiError, type ApiError } from '../../lib/api-client';
import { errorText } from '../../lib/error-text';
import { t } from '../../lib/i18n';

/**
 * A failure as the user needs it: what happened in a sentence, and the references support asks for (our
 * request id, and CSMS's error code and request id when CSMS refused). Never a stack trace.
 */
export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  const api = isApiError(error) ? error : null;
  const message = errorText(error);
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">
        <span aria-hidden="true">⚠ </span>
        {title ?? t('common.error')}
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
      <dt>{t('errorRefs.code')}</dt>
      <dd>
        <code>{error.code}</code>
      </dd>
      {error.csmsCode ? (
        <>
          <dt>{t('errorRefs.csmsCode')}</dt>
          <dd>
            <code>{error.csmsCode}</code>
          </dd>
        </>
      ) : null}
      {error.requestId ? (
        <>
          <dt>{t('errorRefs.requestId')}</dt>
          <dd>
            <code>{error.requestId}</code>
          </dd>
        </>
      ) : null}
      {error.csmsRequestId ? (
        <>
          <dt>{t('errorRefs.csmsRequestId')}</dt>
          <dd>
            <code>{error.csmsRequestId}</code>
          </dd>
        </>
      ) : null}
    </dl>
  );
}
