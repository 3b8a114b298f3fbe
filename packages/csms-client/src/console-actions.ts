/**
 * The IAM actions the console's CSMS identity needs: the metadata reads and UpdateVersion, nothing that
 * reads a secret value (`csms:secret:getVersion`; docs/security.md K2). Demo mode gives the embedded emulator's
 * key exactly these, and the e2e stack does the same.
 */
export const CONSOLE_IAM_ACTIONS: readonly string[] = [
  'csms:secret:list',
  'csms:secret:get',
  'csms:secret:listVersion',
  'csms:secret:updateVersion',
  'csms:secret:getStage',
  'csms::listEvents',
  'csms::getEvent',
  'csms::listNotificationRecords',
];
