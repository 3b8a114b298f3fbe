import {
  apiPaths,
  UpdateExpiryInputSchema,
  UpdateExpiryResultSchema,
  type UpdateExpiryInput,
} from '@csms-console/api-contract';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

export interface UpdateExpiryVariables {
  version: string;
  input: UpdateExpiryInput;
}

/**
 * `PUT .../versions/:version`: the BFF checks the policy and `expected_expire_time`, writes CSMS and answers
 * with the version as CSMS stores it afterwards. The secret's queries belong to another feature, so the
 * caller refreshes them (`onSaved` / `onStale` of the dialog); this hook caches nothing itself.
 */
export function useUpdateExpiry(account: string, secret: string) {
  return useMutation({
    mutationFn: ({ version, input }: UpdateExpiryVariables) =>
      api.put(apiPaths.version(account, secret, version), UpdateExpiryResultSchema, {
        body: UpdateExpiryInputSchema.parse(input),
      }),
  });
}
