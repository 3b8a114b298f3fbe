/**
 * What an injected error fault answers: a given code in the operation's own error family (or the gateway's,
 * for `APIGW.*` codes), otherwise what the gateway or CSMS would send for that status.
 */
import type { TerminalFault } from '../faults.js';
import type { Operation } from '../routes/context.js';
import { CsmsError, GatewayError, IamError, gateway } from './errors.js';

const DEFAULT_CSMS_CODE: Readonly<Record<number, string>> = {
  400: 'CSMS.0003',
  403: 'CSMS.0302',
  404: 'CSMS.0005',
};

export function faultError(fault: Extract<TerminalFault, { type: 'error' }>, operation: Operation): Error {
  const { status } = fault;
  const message = fault.error_msg ?? `Injected fault (${fault.id}).`;
  if (fault.error_code?.startsWith('APIGW.')) return new GatewayError(status, fault.error_code, message);
  if (fault.error_code === undefined) {
    if (status === 429) return gateway.throttled(1);
    if (status === 502 || status === 503) return gateway.backendUnavailable(status);
    if (status === 504) return gateway.backendTimeout();
    if (status === 401) return gateway.unauthorized(message);
  }
  if (operation.kind === 'iam')
    return new IamError(status, message, status >= 500 ? 'Internal Server Error' : 'Error');
  return new CsmsError(status, fault.error_code ?? DEFAULT_CSMS_CODE[status] ?? 'CSMS.0001', message);
}
