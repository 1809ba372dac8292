/**
 * The OpenAPI document served under /docs: its header (servers, licence, contact, tags, security
 * schemes), and what each operation takes from its route, so that the document cannot drift from the
 * code: an `operationId` derived from the method and path, and the security that the route's
 * `config.policy` asks for (a public route needs none; a role reaches it with an API key or a session,
 * whichever that role may hold, and a session changes state only with its CSRF header).
 * test/openapi-lint.test.ts lints the served document with Redocly's recommended rules.
 */
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import type { AccountsTable, ApiKeysTable } from '../db/schema.ts'
import { CSRF_HEADER, SESSION_COOKIE, type Policy, type Role } from './http.ts'

/** The roles an API key is issued for (sources.service `authenticateApiKey`). */
const API_KEY_ROLES = ['source', 'officer', 'relying_party', 'department'] as const satisfies readonly Role[]
/** The roles a person signs in as (accounts.service `authenticateSession`). */
const SESSION_ROLES = ['officer', 'auditor', 'subject', 'source', 'relying_party'] as const satisfies readonly Role[]
// both lists name every role their table allows, and no other
const _apiKeyRoles: [ApiKeysTable['role'], (typeof API_KEY_ROLES)[number]] extends [
  (typeof API_KEY_ROLES)[number],
  ApiKeysTable['role'],
]
  ? true
  : never = true
const _sessionRoles: [AccountsTable['role'], (typeof SESSION_ROLES)[number]] extends [
  (typeof SESSION_ROLES)[number],
  AccountsTable['role'],
]
  ? true
  : never = true
void _apiKeyRoles
void _sessionRoles

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Every tag an operation may carry; an operation with another tag fails the lint (operation-tag-defined). */
export const API_TAGS = [
  {
    name: 'public',
    description:
      'What anyone may read without credentials: organisations and public bodies, found by name or USCC, with their public records, list entries and grade',
  },
  {
    name: 'catalogue',
    description:
      'The record-kind catalogue in force (kinds, legal bases, data elements from the dictionary) and every version loaded, with the differences between them',
  },
  {
    name: 'accounts',
    description:
      "People's accounts: signing in and out, a subject's registration and an officer's verification of it, and who is calling",
  },
  {
    name: 'self-service',
    description:
      "A signed-in subject's own file (/v1/me): its records, who looked at them, its consents, objections, list entries, repair applications, evidence, rating and logged events",
  },
  {
    name: 'subjects',
    description:
      'Subjects (organisations, public bodies, persons): registration, lookup by identifier and the credit file',
  },
  {
    name: 'records',
    description:
      'Credit records submitted by the source agencies authorised for their kinds, one at a time or in batches',
  },
  {
    name: 'imports',
    description:
      "A source's files of records (CSV or NDJSON), imported in the background, with their progress and rejected lines",
  },
  {
    name: 'objections',
    description:
      "Objections to records: filed for a subject, answered by the record's source, escalated to and decided by the credit authority",
  },
  {
    name: 'lists',
    description:
      'Red and black lists: the list catalogue, and entries proposed, noticed, heard, decided, removed early or annulled by named officers, with accountability statistics',
  },
  {
    name: 'checks',
    description:
      'Whether a linked measure applies to a subject now, for the departments that carry the measures out (every check is shown to the subject)',
  },
  { name: 'repair', description: "Credit repair: the officers' queue of applications, their feedback and decisions" },
  {
    name: 'consents',
    description: "A subject's consents to relying parties, each for one purpose and until a date, recorded and revoked",
  },
  {
    name: 'reports',
    description:
      'Credit reports for relying parties, for a declared lawful purpose (every report is shown to the subject)',
  },
  {
    name: 'models',
    description:
      'Published scoring models: every model ever published, bin by bin, so that anyone can recompute a score',
  },
  {
    name: 'scores',
    description:
      "Credit scores of persons for a lending purpose, with the person's consent and the reasons that moved the score most",
  },
  {
    name: 'ratings',
    description:
      "The enterprise rating model in force and an organisation's rating with its reasons and inspection tier",
  },
  {
    name: 'transparency',
    description:
      'The tamper-evident log of every change and every look at restricted data: its key, checkpoints, tiles (C2SP tlog-tiles) and proofs, and the state check recomputed from it',
  },
] as const

const SECURITY_SCHEMES = {
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    description: `An API key, \`Authorization: Bearer fides_<id>_<secret>\`, issued to a machine: ${API_KEY_ROLES.join(', ')}. A present but wrong key is refused (401) on every route, public ones included.`,
  },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: `A person's session: the HTTP-only cookie that signing in (POST /v1/session) sets, for ${SESSION_ROLES.join(', ')}.`,
  },
  csrf: {
    type: 'apiKey',
    in: 'header',
    name: CSRF_HEADER,
    description:
      'The CSRF token that signing in returns: every request that changes state (not GET, HEAD or OPTIONS) and carries the session cookie must send it, or is refused with 403 auth.csrf, public routes included.',
  },
} as const

type SecurityRequirement = Partial<Record<keyof typeof SECURITY_SCHEMES, string[]>>

/**
 * The security an operation needs under its policy: none for a public route; otherwise an API key or a
 * session, each listing the roles that may use it (OpenAPI 3.1 lets non-OAuth schemes name roles),
 * and, for a session changing state, the CSRF header as well.
 */
export function securityOf(policy: Policy, method: string): SecurityRequirement[] {
  if (policy === 'public') return []
  const byKey = API_KEY_ROLES.filter((role) => policy.includes(role))
  const bySession = SESSION_ROLES.filter((role) => policy.includes(role))
  const requirements: SecurityRequirement[] = []
  if (byKey.length > 0) requirements.push({ apiKey: byKey })
  if (bySession.length > 0)
    requirements.push(SAFE_METHODS.has(method) ? { session: bySession } : { session: bySession, csrf: [] })
  return requirements
}

/**
 * camelCase method + path, without the /v1 prefix: a path parameter reads "by" and its name, a
 * wildcard "by path". `POST /v1/lists/entries/:entryId/notice` is `postListsEntriesByEntryIdNotice`.
 */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/v1(?=\/|$)/, '')
    .split('/')
    .filter((segment) => segment !== '')
    .flatMap((segment) => {
      if (segment === '*') return ['by', 'path']
      if (segment.startsWith(':')) return ['by', segment.slice(1)]
      return segment.split(/[^A-Za-z0-9]+/)
    })
    .filter((word) => word !== '')
  return [method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('')
}

/** The swagger options: the document's header, and the wildcard path of the log's tiles made a named parameter. */
export function openApiOptions(): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Fides API',
        version: '0.1.0',
        description:
          'Open credit information platform. Errors are RFC 9457 problem+json with a stable `code`. Machines call it with an API key, people through the portal with a session cookie and its CSRF header; each operation names the roles that may call it.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
        contact: { name: 'The operator of this Fides deployment' },
      },
      servers: [{ url: '/', description: 'the server that serves this document: every path is relative to it' }],
      tags: API_TAGS.map((tag) => ({ ...tag })),
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    // shared schemas keep their $id as their name: #/components/schemas/Problem, not def-0
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    // a wildcard is the rest of the path, slashes included: OpenAPI names it like any path parameter
    transform: ({ schema, url }) =>
      url.endsWith('/*')
        ? {
            schema: {
              ...schema,
              params: {
                type: 'object',
                properties: {
                  path: { type: 'string', description: 'the rest of the path, slashes included' },
                },
                required: ['path'],
              },
            },
            url: `${url.slice(0, -1)}:path`,
          }
        : { schema, url },
  }
}

/**
 * Gives every documented route its operationId (unless it declares one) and the security its policy
 * asks for, when the route is added: the policy is what the server enforces, so a route that declares a
 * `security` of its own (which would go stale) is refused, as are two operations with one id. Registered before the
 * routes, after the swagger plugin (which reads each route's schema when the document is built).
 */
export function registerOpenApiOperations(app: FastifyInstance): void {
  const seen = new Map<string, string>()
  app.addHook('onRoute', (route) => {
    const schema = route.schema as (Record<string, unknown> & { hide?: boolean; operationId?: string }) | undefined
    if (route.url.startsWith('/docs') || schema === undefined || schema.hide === true) return
    const policy = (route.config as { policy?: Policy } | undefined)?.policy
    const methods = [route.method].flat().filter((m) => m !== 'HEAD')
    if (policy === undefined || methods.length === 0) return
    if (methods.length > 1) throw new Error(`route ${methods.join(',')} ${route.url}: one method per documented route`)
    const method = methods[0]!
    if (schema.security !== undefined)
      throw new Error(`route ${method} ${route.url}: its security is its policy's, declare none in its schema`)
    const operationId = schema.operationId ?? operationIdOf(method, route.url)
    const other = seen.get(operationId)
    if (other !== undefined)
      throw new Error(
        `operationId ${operationId} of ${method} ${route.url} is taken by ${other}: declare another in the route's schema`,
      )
    seen.set(operationId, `${method} ${route.url}`)
    route.schema = { ...schema, operationId, security: securityOf(policy, method) }
  })
}
