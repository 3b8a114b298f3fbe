import { ErrorNotice } from '../../../components/ui/error-notice';
import { RetryNotice } from '../../../components/ui/retry-notice';
import { t } from '../../../lib/i18n';
import { writeRetryWait } from '../../../lib/retry-wait';

/**
 * Why a save failed, in the dialog. A 429/503 says when the server expects to answer again; the change is
 * not resent by itself (a write goes out only on the user's click), and the form keeps what was typed.
 */
export function SaveFailure({ error }: { error: unknown }) {
  const wait = writeRetryWait(error);
  const title = t('expiry.saveFailed');
  return wait ? <RetryNotice wait={wait} title={title} /> : <ErrorNotice error={error} title={title} />;
}
