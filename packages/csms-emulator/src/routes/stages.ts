/** ShowSecretStage, UpdateSecretStage, DeleteSecretStage. */
import { requireNotPendingDelete } from '../domain/gates.js';
import { toSecond } from '../domain/limits.js';
import { moveStage, removeStage, requireStage } from '../domain/stages.js';
import { UpdateStageBody } from './bodies.js';
import { csmsOperation, ok, type CsmsHandler, type CsmsOperation } from './context.js';
import { requireSecret } from './lookup.js';
import { SECRET_NAME, STAGE_NAME, parseBody, pathParam } from './validation.js';
import { stageView } from './views.js';

const STAGE = '/v1/{project_id}/secrets/{secret_name}/stages/{stage_name}';

const names = (params: Readonly<Record<string, string>>) => ({
  secretName: pathParam(params, 'secret_name', SECRET_NAME),
  stageName: pathParam(params, 'stage_name', STAGE_NAME),
});

const showSecretStage: CsmsHandler = ({ project, params }) => {
  const { secretName, stageName } = names(params);
  const secret = requireSecret(project, secretName);
  return ok({ stage: stageView(secret, stageName, requireStage(secret, stageName)) });
};

const updateSecretStage: CsmsHandler = ({ project, projectId, params, body, now }, { store }) => {
  const { secretName, stageName } = names(params);
  const { version_id: versionId } = parseBody(body, UpdateStageBody);
  const secret = requireSecret(project, secretName);
  requireNotPendingDelete(secret);
  const { secret: next, stage } = moveStage(secret, stageName, versionId, toSecond(now));
  store.commit([{ kind: 'secret', project: projectId, name: secretName, value: next }]);
  return ok({ stage: stageView(next, stageName, stage) });
};

const deleteSecretStage: CsmsHandler = ({ project, projectId, params }, { store }) => {
  const { secretName, stageName } = names(params);
  const secret = requireSecret(project, secretName);
  requireNotPendingDelete(secret);
  store.commit([
    { kind: 'secret', project: projectId, name: secretName, value: removeStage(secret, stageName) },
  ]);
  return { status: 204 };
};

const op = (name: string, method: string, action: string, handler: CsmsHandler) =>
  csmsOperation(name, method, STAGE, action, 'flat', handler);

export const stageOperations: CsmsOperation[] = [
  op('ShowSecretStage', 'GET', 'csms:secret:getStage', showSecretStage),
  op('UpdateSecretStage', 'PUT', 'csms:secret:updateStage', updateSecretStage),
  op('DeleteSecretStage', 'DELETE', 'csms:secret:deleteStage', deleteSecretStage),
];
