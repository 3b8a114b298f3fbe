import {
  apiPaths,
  UpdateExpiryInputSchema,
  UpdateExpiryResultSchema,
  type UpdateExpiryInput,
} from '@csms-console/api-contract';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { api, isTemporaryError } from '../../../lib/api-client';

export interface UpdateExpiryVariables {
  version: string;
  input: UpdateExpiryInput;
}

/**
 * `PUT .../versions/:version`: the BFF checks the policy and `expected_expire_time`, writes CSMS and answers
 * with the version as CSMS stores it afterwards. Once settled it refreshes `refreshes`, the key that the
 * page's query factory gives the secret's data (app/ passes it in: features do not import each other). A
 * 429/503 is the one answer that says nothing changed, and another read would only add to the load; after
 * any other (saved, 409 changed underneath, 422 confirmation now required, a failure of unknown effect),
 * CSMS may hold what the page does not show.
 */
export function useUpdateExpiry(account: string, secret: string, refreshes: QueryKey) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, input }: UpdateExpiryVariables) =>
      api.put(apiPaths.version(account, secret, version), UpdateExpiryResultSchema, {
        body: UpdateExpiryInputSchema.parse(input),
      }),
    onSettled: (_result, error) => {
      if (!isTemporaryError(error)) void queryClient.invalidateQueries({ queryKey: refreshes });
    },
  });
}
