/**
 * Where "back to the list" goes: the list passes its own search (`?name=&state=...`) as `state.listSearch`
 * when it links to a secret, so going back keeps the filters; anything else is the unfiltered list.
 */
export function listHrefFrom(account: string, state: unknown): string {
  const base = `/accounts/${encodeURIComponent(account)}/secrets`;
  const search = (state as { listSearch?: unknown } | null)?.listSearch;
  return typeof search === 'string' && search.startsWith('?') ? base + search : base;
}
