/**
 * IAM action allow-lists (docs/csms-api.md §8). An entry is an action (`csms:secret:updateVersion`), an older
 * alias of one (`csms:secretVersion:update`), or a glob (`csms:secret:*`, `*`).
 */

/** Role/policy-era names -> the identity-policy action they stand for. */
export const ACTION_ALIASES: Readonly<Record<string, string>> = {
  'csms:secretVersion:list': 'csms:secret:listVersion',
  'csms:secretVersion:get': 'csms:secret:getVersion',
  'csms:secretVersion:update': 'csms:secret:updateVersion',
  'csms:secretVersion:create': 'csms:secret:createVersion',
  'csms:secretStage:get': 'csms:secret:getStage',
  'csms:secretStage:update': 'csms:secret:updateStage',
  'csms:secretStage:delete': 'csms:secret:deleteStage',
  'csms:event:list': 'csms::listEvents',
  'csms:event:get': 'csms::getEvent',
  'csms:event:create': 'csms::createEvent',
  'csms:event:update': 'csms::updateEvent',
  'csms:event:delete': 'csms::deleteEvent',
  'csms:event:listNotificationRecords': 'csms::listNotificationRecords',
};

/** True when the action is allowed. */
export type ActionMatcher = (action: string) => boolean;

const escape = (s: string): string => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/** null (no list) allows everything; an empty list allows nothing. */
export function compileActions(list: readonly string[] | null | undefined): ActionMatcher | null {
  if (!list) return null;
  const exact = new Set<string>();
  const globs: RegExp[] = [];
  for (const entry of list) {
    const action = ACTION_ALIASES[entry] ?? entry;
    if (action.includes('*')) globs.push(new RegExp(`^${action.split('*').map(escape).join('.*')}$`));
    else exact.add(action);
  }
  return (action) => exact.has(action) || globs.some((glob) => glob.test(action));
}
