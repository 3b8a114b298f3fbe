/**
 * IAM `POST /v3/auth/tokens` (KeystoneCreateUserTokenByPassword, docs/csms-api.md §7.2): password auth scoped to a
 * project by id or name (the main project's name is the region). 201, token in `X-Subject-Token`, 24 h.
 * Errors in IAM's `{error:{code,message,title}}` shape.
 */
import { z } from 'zod';
import { issueToken } from '../auth/tokens.js';
import { IamError } from '../http/errors.js';
import type { IamHandler, IamOperation, Services } from './context.js';

const named = z.object({ name: z.string().min(1).optional(), id: z.string().min(1).optional() });

const TokenRequest = z.object({
  auth: z.object({
    identity: z.object({
      methods: z.array(z.string()).min(1),
      password: z
        .object({
          user: z.object({
            name: z.string().min(1).optional(),
            id: z.string().min(1).optional(),
            password: z.string(),
            domain: named.optional(),
          }),
        })
        .optional(),
    }),
    scope: z.object({ project: named.optional(), domain: named.optional() }).optional(),
  }),
});

const badRequest = (message: string) => new IamError(400, message, 'Bad Request');
const unauthorized = (message: string) => new IamError(401, message, 'Unauthorized');

/** IAM's timestamp format: `2020-01-04T09:05:22.701000Z`. */
const iamTime = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

function parseRequest(body: Buffer | undefined): z.infer<typeof TokenRequest> {
  let json: unknown;
  try {
    json = JSON.parse(body?.toString('utf8') ?? '');
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
  const parsed = TokenRequest.safeParse(json);
  if (!parsed.success) throw badRequest('Invalid input for field: auth.');
  return parsed.data;
}

function resolveProject(
  scope: { id?: string | undefined; name?: string | undefined },
  services: Services,
): string | undefined {
  if (scope.id !== undefined) return services.store.project(scope.id) ? scope.id : undefined;
  if (scope.name === services.region) return services.mainProjectId;
  return scope.name !== undefined && services.store.project(scope.name) ? scope.name : undefined;
}

const createToken: IamHandler = ({ body, query, now }, services) => {
  const { auth } = parseRequest(body);
  const password = auth.identity.password;
  if (!auth.identity.methods.includes('password') || !password)
    throw badRequest('Only password authentication is supported by this emulator.');
  const user = services.identity.findUser(password.user.domain, password.user);
  if (!user || user.password !== password.user.password)
    throw unauthorized('The username or password is wrong.');
  if (!auth.scope?.project)
    throw badRequest('This emulator issues project-scoped tokens only: set auth.scope.project.id or .name.');
  const projectId = resolveProject(auth.scope.project, services);
  if (!projectId) throw unauthorized('The project does not exist or the user has no access to it.');

  const { token, record } = issueToken(services.store, user, projectId, now);
  const domain = { id: user.domainId, name: user.domain };
  const catalog =
    query.get('nocatalog') === 'true'
      ? undefined
      : [
          {
            type: 'kms',
            name: 'kms',
            id: 'csms-emulator-kms',
            endpoints: [
              {
                id: 'csms-emulator',
                interface: 'public',
                region: services.region,
                region_id: services.region,
                url: services.url(),
              },
            ],
          },
        ];
  return {
    status: 201,
    headers: { 'x-subject-token': token },
    body: {
      token: {
        expires_at: iamTime(record.expires_at),
        issued_at: iamTime(record.issued_at),
        methods: ['password'],
        ...(catalog ? { catalog } : {}),
        project: {
          id: projectId,
          name: projectId === services.mainProjectId ? services.region : projectId,
          domain,
        },
        roles: [{ id: '0', name: 'op_user' }],
        user: { id: user.userId, name: user.user, domain, password_expires_at: '' },
      },
    },
  };
};

export const iamOperations: IamOperation[] = [
  {
    kind: 'iam',
    name: 'KeystoneCreateUserTokenByPassword',
    method: 'POST',
    pattern: '/v3/auth/tokens',
    handler: createToken,
  },
];
