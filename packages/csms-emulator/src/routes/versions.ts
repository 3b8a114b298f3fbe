/** ListSecretVersions, CreateSecretVersion, ShowSecretVersion (the only value-returning call), UpdateVersion. */
import { requireEnabled } from '../domain/gates.js';
import { toSecond } from '../domain/limits.js';
import { addVersion, requireVersion, setVersionExpiry, stagesByVersion } from '../domain/versions.js';
import type { StoredSecret } from '../store/model.js';
import { CreateVersionBody, UpdateVersionBody } from './bodies.js';
import { csmsOperation, ok, type CsmsHandler, type CsmsOperation } from './context.js';
import { requireSecret, versionCreatedRecords } from './lookup.js';
import { indexAfter, pageInfo, takePage } from './pagination.js';
import {
  SECRET_NAME,
  VERSION_ID,
  checkExpireTime,
  integerLimit,
  marker,
  parseBody,
  pathParam,
} from './validation.js';
import { versionMetadataView, versionView } from './views.js';

const VERSIONS = '/v1/{project_id}/secrets/{secret_name}/versions';
const VERSION = `${VERSIONS}/{version_id}`;
const VERSION_OR_LATEST = /^(?:v[0-9]{1,10}|latest)$/;

const numberOf = (id: string): number => Number(id.slice(1));

/**
 * Rendered ListSecretVersions pages per secret object. Stored secrets are never mutated (every change commits
 * a new object), so a rendering stays valid for as long as its secret object is the stored one.
 */
const renderedPages = new WeakMap<StoredSecret, Map<number | string, Buffer>>();

/** Ascending by version number (the OAS example's order). */
const listSecretVersions: CsmsHandler = ({ project, params, query }) => {
  const secret = requireSecret(project, pathParam(params, 'secret_name', SECRET_NAME));
  const limit = integerLimit(query);
  const after = marker(query, VERSION_OR_LATEST);
  // The first page is keyed by its limit alone (no string to build); later pages by limit and marker.
  const key = after === undefined ? limit : `${limit}/${after}`;
  let pages = renderedPages.get(secret);
  const cached = pages?.get(key);
  if (cached) return { status: 200, json: cached };
  const json = Buffer.from(JSON.stringify(versionsPage(secret, limit, after)), 'utf8');
  if (!pages) renderedPages.set(secret, (pages = new Map<number | string, Buffer>()));
  if (pages.size < 64) pages.set(key, json);
  return { status: 200, json };
};

function versionsPage(secret: StoredSecret, limit: number, after: string | undefined): unknown {
  const versions = secret.versions;
  let start = 0;
  if (after !== undefined) {
    const bound = after === 'latest' ? numberOf(versions.at(-1)?.id ?? 'v0') : numberOf(after);
    start = indexAfter(
      versions.map((v) => numberOf(v.id)),
      bound,
      (a, b) => a - b,
    );
  }
  const page = takePage(versions, start, limit);
  const stages = stagesByVersion(secret);
  return {
    version_metadatas: page.items.map((v) => versionMetadataView(secret, v, stages)),
    page_info: pageInfo(page, (v) => v.id),
  };
}

const createSecretVersion: CsmsHandler = ({ project, projectId, params, body, now }, { store }) => {
  const name = pathParam(params, 'secret_name', SECRET_NAME);
  const input = parseBody(body, CreateVersionBody);
  if (input.expire_time !== undefined) input.expire_time = checkExpireTime(input.expire_time, now);
  const secret = requireSecret(project, name);
  requireEnabled(secret);
  const at = toSecond(now);
  const { secret: next, version } = addVersion(secret, input, at);
  store.commit([
    { kind: 'secret', project: projectId, name, value: next },
    ...versionCreatedRecords(projectId, project, next, version, at),
  ]);
  return ok({ version_metadata: versionMetadataView(next, version) });
};

const showSecretVersion: CsmsHandler = ({ project, params }) => {
  const name = pathParam(params, 'secret_name', SECRET_NAME);
  const versionId = pathParam(params, 'version_id', VERSION_OR_LATEST);
  const secret = requireSecret(project, name);
  requireEnabled(secret);
  return ok({ version: versionView(secret, requireVersion(secret, versionId)) });
};

const updateVersion: CsmsHandler = ({ project, projectId, params, body, now }, { store }) => {
  const name = pathParam(params, 'secret_name', SECRET_NAME);
  const versionId = pathParam(params, 'version_id', VERSION_ID);
  const expireTime = checkExpireTime(parseBody(body, UpdateVersionBody).expire_time, now);
  const secret = requireSecret(project, name);
  requireEnabled(secret);
  const { secret: next, version } = setVersionExpiry(secret, versionId, expireTime);
  store.commit([{ kind: 'secret', project: projectId, name, value: next }]);
  return ok({ version_metadata: versionMetadataView(next, version) });
};

const op = (name: string, method: string, pattern: string, action: string, handler: CsmsHandler) =>
  csmsOperation(name, method, pattern, action, 'flat', handler);

export const versionOperations: CsmsOperation[] = [
  op('ListSecretVersions', 'GET', VERSIONS, 'csms:secret:listVersion', listSecretVersions),
  op('CreateSecretVersion', 'POST', VERSIONS, 'csms:secret:createVersion', createSecretVersion),
  op('ShowSecretVersion', 'GET', VERSION, 'csms:secret:getVersion', showSecretVersion),
  op('UpdateVersion', 'PUT', VERSION, 'csms:secret:updateVersion', updateVersion),
];
