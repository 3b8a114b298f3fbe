/** Secret events and notification records; errors in the nested `{error:{...}}` shape. */
import { newEvent, updatedEvent } from '../domain/events.js';
import { MAX_EVENTS_PER_PROJECT, RECORD_RETENTION_MS, toSecond } from '../domain/limits.js';
import { csms } from '../http/errors.js';
import { getOwn } from '../store/own.js';
import { CreateEventBody, UpdateEventBody } from './bodies.js';
import { csmsOperation, ok, type CsmsHandler, type CsmsOperation } from './context.js';
import { requireEvent } from './lookup.js';
import { compareStrings, indexAfter, pageInfo, takePage } from './pagination.js';
import { EVENT_MARKER, EVENT_NAME, marker, parseBody, pathParam, stringLimit } from './validation.js';
import { eventView } from './views.js';

const EVENTS = '/v1/{project_id}/csms/events';
const EVENT = `${EVENTS}/{event_name}`;

/** Sorted by name, like ListSecrets. */
const listSecretEvents: CsmsHandler = ({ project, query }) => {
  const limit = stringLimit(query);
  const after = marker(query, EVENT_MARKER);
  const names = Object.keys(project.events).sort();
  const page = takePage(names, after === undefined ? 0 : indexAfter(names, after, compareStrings), limit);
  return ok({
    events: page.items.map((name) => eventView(getOwn(project.events, name)!)),
    page_info: pageInfo(page, (name) => name),
  });
};

const showSecretEvent: CsmsHandler = ({ project, params }) =>
  ok({ event: eventView(requireEvent(project, pathParam(params, 'event_name', EVENT_NAME))) });

const createSecretEvent: CsmsHandler = ({ project, projectId, body, now }, { store }) => {
  const input = parseBody(body, CreateEventBody);
  if (getOwn(project.events, input.name))
    throw csms.invalidParameter(`name: event ${input.name} already exists`);
  if (Object.keys(project.events).length >= MAX_EVENTS_PER_PROJECT)
    throw csms.quota('events', MAX_EVENTS_PER_PROJECT);
  const event = newEvent(input, toSecond(now));
  store.commit([{ kind: 'event', project: projectId, name: event.name, value: event }]);
  return ok({ event: eventView(event) });
};

const updateSecretEvent: CsmsHandler = ({ project, projectId, params, body, now }, { store }) => {
  const name = pathParam(params, 'event_name', EVENT_NAME);
  const input = parseBody(body, UpdateEventBody);
  const event = updatedEvent(requireEvent(project, name), input, toSecond(now));
  store.commit([{ kind: 'event', project: projectId, name, value: event }]);
  return ok({ event: eventView(event) });
};

/** Refused while a secret still subscribes (README "Guesses"). */
const deleteSecretEvent: CsmsHandler = ({ project, projectId, params }, { store }) => {
  const name = pathParam(params, 'event_name', EVENT_NAME);
  requireEvent(project, name);
  if (Object.values(project.secrets).some((s) => s.event_subscriptions.includes(name)))
    throw csms.invalidRequest(`event ${name} is subscribed by secrets; unsubscribe them first`);
  store.commit([{ kind: 'event', project: projectId, name, value: null }]);
  return { status: 204 };
};

/** No paging parameters; newest first, the last three months, at most 1000. */
const listNotificationRecords: CsmsHandler = ({ project, now }) => {
  const since = now - RECORD_RETENTION_MS;
  const records = project.records
    .filter((r) => r.create_time >= since)
    .reverse()
    .slice(0, 1000);
  return ok({ records, page_info: { current_count: records.length } });
};

const op = (name: string, method: string, pattern: string, action: string, handler: CsmsHandler) =>
  csmsOperation(name, method, pattern, action, 'nested', handler);

export const eventOperations: CsmsOperation[] = [
  op('ListSecretEvents', 'GET', EVENTS, 'csms::listEvents', listSecretEvents),
  op('CreateSecretEvent', 'POST', EVENTS, 'csms::createEvent', createSecretEvent),
  op('ShowSecretEvent', 'GET', EVENT, 'csms::getEvent', showSecretEvent),
  op('UpdateSecretEvent', 'PUT', EVENT, 'csms::updateEvent', updateSecretEvent),
  op('DeleteSecretEvent', 'DELETE', EVENT, 'csms::deleteEvent', deleteSecretEvent),
  op(
    'ListNotificationRecords',
    'GET',
    '/v1/{project_id}/csms/notification-records',
    'csms::listNotificationRecords',
    listNotificationRecords,
  ),
];
