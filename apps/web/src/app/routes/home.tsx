import { FirstAccount } from '../../features/accounts/components/first-account';

/** `/`: the first configured account's secrets. */
export function HomeRoute() {
  return <FirstAccount />;
}
