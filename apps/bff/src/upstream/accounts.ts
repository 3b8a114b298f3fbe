/**
 * One signed `CsmsClient` per configured account: AK/SK, or an IAM password token provider, both on one
 * shared `HttpTransport` per account (so `close()` reaches every keep-alive socket). Each account also gets
 * its own circuit breaker and retry budget, handed to that transport as its policies: the client asks the
 * budget before each retry and tells the breaker of every attempt (CSMS and IAM). Credentials leave their
 * `Secret` wrapper only here.
 */
import {
  CsmsClient,
  HttpTransport,
  IamPasswordTokenProvider,
  type CircuitBreakerPolicy,
  type TransportOptions,
} from '@csms-console/csms-client';
import type { AccountConfig } from '../config/accounts.js';
import { CircuitBreaker, type BreakerOptions } from './breaker.js';
import { attemptVerdict } from './error-map.js';
import { RetryBudget, type RetryBudgetOptions } from './retry-budget.js';

export type UpstreamAccountConfig = AccountConfig & { emulated?: boolean };

export interface AccountRuntime {
  config: UpstreamAccountConfig;
  client: CsmsClient;
  transport: HttpTransport;
  breaker: CircuitBreaker;
  budget: RetryBudget;
}

export interface AccountRuntimeOptions {
  transport: TransportOptions | undefined;
  breaker: BreakerOptions;
  retryBudget: Partial<RetryBudgetOptions> | undefined;
}

export function createAccountRuntime(
  config: UpstreamAccountConfig,
  options: AccountRuntimeOptions,
): AccountRuntime {
  const budget = new RetryBudget(options.retryBudget);
  const breaker = new CircuitBreaker(options.breaker);
  const transport = new HttpTransport({
    ...options.transport,
    retryQuota: budget,
    breaker: judgedBy(breaker),
  });
  const { auth, endpoint, projectId } = config;
  const client =
    auth.kind === 'aksk'
      ? new CsmsClient({
          endpoint,
          projectId,
          transport,
          credentials: {
            type: 'aksk',
            accessKey: auth.accessKey.reveal(),
            secretKey: auth.secretKey.reveal(),
            securityToken: auth.securityToken?.reveal(),
          },
        })
      : new CsmsClient({
          endpoint,
          projectId,
          transport,
          tokenProvider: new IamPasswordTokenProvider({
            iamEndpoint: auth.iamEndpoint,
            userName: auth.user,
            password: auth.password.reveal(),
            domainName: auth.domain,
            project: { id: projectId },
            transport,
          }),
        });
  return { config, client, transport, budget, breaker };
}

/** The breaker as the client's policy: each attempt judged by what it says about CSMS (error-map.ts). */
function judgedBy(breaker: CircuitBreaker): CircuitBreakerPolicy {
  return {
    admit: () => {
      const permit = breaker.acquire();
      return {
        attempt: (event) => permit.attempt(attemptVerdict(event)),
        mayRetry: () => permit.mayRetry(),
        done: () => permit.done(),
      };
    },
  };
}

/** The credential values of an account, to scrub from anything the BFF shows or logs. */
export function accountSecrets(config: AccountConfig): string[] {
  const { auth } = config;
  if (auth.kind === 'iam') return [auth.password.reveal()];
  return [auth.accessKey, auth.secretKey, auth.securityToken].flatMap((s) => (s ? [s.reveal()] : []));
}
