/** ListSecrets, ShowSecret, CreateSecret, UpdateSecret, DeleteSecret, DeleteSecretForSchedule, RestoreSecret. */
import { createHash } from 'node:crypto';
import { requireNotPendingDelete } from '../domain/gates.js';
import { toSecond } from '../domain/limits.js';
import { newSecret, restored, scheduledForDeletion, updatedSecret } from '../domain/secrets.js';
import { csms } from '../http/errors.js';
import { getOwn } from '../store/own.js';
import { CreateSecretBody, ScheduleDeletionBody, UpdateSecretBody } from './bodies.js';
import { csmsOperation, ok, type CsmsHandler, type CsmsOperation } from './context.js';
import { requireEventsExist, requireSecret, versionCreatedRecords } from './lookup.js';
import { compareStrings, indexAfter, pageInfo, takePage } from './pagination.js';
import { EVENT_NAME, SECRET_NAME, marker, parseBody, pathParam, stringLimit } from './validation.js';
import { secretView } from './views.js';

const SECRETS = '/v1/{project_id}/secrets';
const SECRET = `${SECRETS}/{secret_name}`;

/** The project's `csms/default` key, stable per project. */
const defaultKmsKeyId = (projectId: string): string =>
  createHash('sha256').update(`csms/default:${projectId}`).digest('hex').slice(0, 32);

/** Sorted by name (code-unit order): the order is undocumented, name order makes markers stable. */
const listSecrets: CsmsHandler = ({ project, projectId, query }, { store }) => {
  const limit = stringLimit(query);
  const after = marker(query, SECRET_NAME);
  const eventName = query.get('event_name');
  if (eventName !== null && !EVENT_NAME.test(eventName)) throw csms.invalidParameter('event_name');
  const names = store.sortedSecretNames(projectId);
  const start = after === undefined ? 0 : indexAfter(names, after, compareStrings);
  const subscribed =
    eventName === null
      ? undefined
      : (name: string) => getOwn(project.secrets, name)?.event_subscriptions.includes(eventName) ?? false;
  const page = takePage(names, start, limit, subscribed);
  return ok({
    secrets: page.items.map((name) => secretView(getOwn(project.secrets, name)!)),
    page_info: pageInfo(page, (name) => name),
  });
};

const showSecret: CsmsHandler = ({ project, params }) =>
  ok({ secret: secretView(requireSecret(project, pathParam(params, 'secret_name', SECRET_NAME))) });

const createSecret: CsmsHandler = ({ project, projectId, body, now }, { store }) => {
  const input = parseBody(body, CreateSecretBody);
  if (getOwn(project.secrets, input.name))
    throw csms.invalidParameter(`name: secret ${input.name} already exists`);
  requireEventsExist(project, input.event_subscriptions);
  const at = toSecond(now);
  const secret = newSecret(input, at, defaultKmsKeyId(projectId));
  store.commit([
    { kind: 'secret', project: projectId, name: secret.name, value: secret },
    ...versionCreatedRecords(projectId, project, secret, secret.versions[0]!, at),
  ]);
  return ok({ secret: secretView(secret) });
};

const updateSecret: CsmsHandler = ({ project, projectId, params, body, now }, { store }) => {
  const name = pathParam(params, 'secret_name', SECRET_NAME);
  const input = parseBody(body, UpdateSecretBody);
  const secret = requireSecret(project, name);
  requireNotPendingDelete(secret);
  requireEventsExist(project, input.event_subscriptions);
  const next = updatedSecret(secret, input, toSecond(now));
  store.commit([{ kind: 'secret', project: projectId, name, value: next }]);
  return ok({ secret: secretView(next) });
};

const deleteSecret: CsmsHandler = ({ project, projectId, params }, { store }) => {
  const name = pathParam(params, 'secret_name', SECRET_NAME);
  requireSecret(project, name);
  store.commit([{ kind: 'secret', project: projectId, name, value: null }]);
  return { status: 200 };
};

const scheduleDeletion: CsmsHandler = ({ project, projectId, params, body, now }, { store }) => {
  const name = pathParam(params, 'secret_name', SECRET_NAME);
  const { recovery_window_in_days: days } = parseBody(body, ScheduleDeletionBody);
  const next = scheduledForDeletion(requireSecret(project, name), days, toSecond(now));
  store.commit([{ kind: 'secret', project: projectId, name, value: next }]);
  return ok({ secret: secretView(next) });
};

const restoreSecret: CsmsHandler = ({ project, projectId, params, now }, { store }) => {
  const name = pathParam(params, 'secret_name', SECRET_NAME);
  const next = restored(requireSecret(project, name), toSecond(now));
  store.commit([{ kind: 'secret', project: projectId, name, value: next }]);
  return ok({ secret: secretView(next) });
};

const op = (name: string, method: string, pattern: string, action: string, handler: CsmsHandler) =>
  csmsOperation(name, method, pattern, action, 'flat', handler);

export const secretOperations: CsmsOperation[] = [
  op('ListSecrets', 'GET', SECRETS, 'csms:secret:list', listSecrets),
  op('CreateSecret', 'POST', SECRETS, 'csms:secret:create', createSecret),
  op('ShowSecret', 'GET', SECRET, 'csms:secret:get', showSecret),
  op('UpdateSecret', 'PUT', SECRET, 'csms:secret:update', updateSecret),
  op('DeleteSecret', 'DELETE', SECRET, 'csms:secret:delete', deleteSecret),
  op(
    'DeleteSecretForSchedule',
    'POST',
    `${SECRET}/scheduled-deleted-tasks/create`,
    'csms:secret:scheduleDelete',
    scheduleDeletion,
  ),
  op(
    'RestoreSecret',
    'POST',
    `${SECRET}/scheduled-deleted-tasks/cancel`,
    'csms:secret:restore',
    restoreSecret,
  ),
];
