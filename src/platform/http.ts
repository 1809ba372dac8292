/**
 * HTTP plumbing shared by every module: RFC 9457 problem+json for every error (5xx details never
 * reach the client), and API-key authentication that puts a `principal` on the request.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, toProblem, type ErrorCode, type FieldProblem, type FieldRule } from './app-error.ts'
import type { Authenticate, AuthenticateSession, Principal } from './principal.ts'
import { constantTimeEqual, randomToken, sha256 } from './crypto.ts'
import { findInexactNumber, INEXACT_MESSAGE } from './parsers/index.ts'

export type Role = Principal['role']

/** Who may call a route: anyone, or a principal holding one of these roles. Every route declares one. */
export type Policy = 'public' | readonly Role[]

export interface RouteEntry {
  method: string
  url: string
  policy: Policy
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null
  }
  interface FastifyContextConfig {
    policy?: Policy
    /** a portal route taking a posted form: it checks its own form token and calls the API with the CSRF header */
    portalForm?: boolean
  }
  interface FastifyInstance {
    /** every route with its policy, for the authorisation matrix */
    routeTable: RouteEntry[]
    /** the secret the portal's in-process API calls carry (INTERNAL_CALL_HEADER): never sent out */
    internalCallToken: string
  }
}

function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds))
  return reply
    .status(error.status)
    .type('application/problem+json')
    .send(toProblem(error, request.url.split('?')[0]))
}

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'request.too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'request.unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'request.invalid',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request.invalid',
}

/** The rule a schema error broke, from Ajv's keyword and parameters. */
function ruleOf(keyword: string, params: Record<string, unknown>): FieldRule {
  const limit = typeof params.limit === 'number' ? params.limit : undefined
  const format = typeof params.format === 'string' ? params.format : undefined
  const allowed = Array.isArray(params.allowedValues)
    ? params.allowedValues.map(String)
    : 'allowedValue' in params
      ? [String(params.allowedValue)]
      : undefined
  return {
    keyword,
    ...(limit === undefined ? {} : { limit }),
    ...(format === undefined ? {} : { format }),
    ...(allowed === undefined ? {} : { allowed }),
  }
}

function fromFastify(error: FastifyError): AppError | undefined {
  if (error.validation) {
    const context = error.validationContext ?? 'body'
    const problems: FieldProblem[] = error.validation.map((v) => {
      const missing =
        v.keyword === 'required' ? '/' + String((v.params as { missingProperty?: string }).missingProperty ?? '') : ''
      return {
        pointer: `/${context}${v.instancePath}${missing}`.replace(/\/$/, ''),
        detail: v.message ?? 'invalid',
        rule: ruleOf(v.keyword, v.params as Record<string, unknown>),
      }
    })
    return new AppError('request.invalid', `the request ${context} is not valid`, problems)
  }
  const code = error.code ? fastifyCodes[error.code] : undefined
  if (code) return new AppError(code, error.message)
  if (error instanceof SyntaxError || error.statusCode === 400)
    return new AppError('request.invalid', 'the request body is not valid JSON')
  return undefined
}

/**
 * JSON bodies, parsed as Fastify does (prototype poisoning refused) and then checked for numbers that
 * parsing lost: an integer beyond 2^53 - 1 or a decimal with more digits than a double keeps is
 * `record.inexact_number` (400) at its JSON pointer, before anything reads the rounded value.
 */
export function registerExactJson(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8')
    void parseJson(request, text, (error, value) => {
      if (error) return done(error)
      const inexact = findInexactNumber(text)
      if (inexact !== undefined)
        return done(
          new AppError('record.inexact_number', INEXACT_MESSAGE, [{ pointer: inexact, detail: 'not kept exactly' }]),
        )
      done(null, value)
    })
  })
}

export function registerProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = error instanceof AppError ? error : fromFastify(error)
    if (known) return sendProblem(reply, request, known)
    request.log.error({ err: error }, 'unhandled error')
    return sendProblem(reply, request, new AppError('internal', 'something went wrong on our side; it has been logged'))
  })
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      request,
      new AppError('route.not_found', `no route ${request.method} ${request.url.split('?')[0]}`),
    ),
  )
}

/**
 * Authentication and authorisation, before anything else runs: reads `Authorization: Bearer <api
 * key>` (a present but wrong key is refused at once), then applies the route's declared policy, so a
 * caller without the right role learns nothing, not even whether its input was valid. A route that
 * declares no policy cannot be registered (the API documentation under /docs excepted).
 */
/** Body limits per route: the global one (32 MiB) is sized for NDJSON batches; everything else is small. */
export const BODY_LIMIT_RECORD = 1024 * 1024
export const BODY_LIMIT_SMALL = 16 * 1024

export const SESSION_COOKIE = 'fides_session'
export const CSRF_HEADER = 'x-csrf-token'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function registerAuthentication(
  app: FastifyInstance,
  authenticate: Authenticate,
  authenticateSession?: AuthenticateSession,
): void {
  app.decorateRequest('principal', null)
  app.decorate('routeTable', [] as RouteEntry[])
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) return
    const policy = (route.config as { policy?: Policy } | undefined)?.policy
    if (policy === undefined)
      throw new Error(`route ${String(route.method)} ${route.url} declares no policy (config.policy)`)
    for (const method of [route.method].flat())
      if (method !== 'HEAD') app.routeTable.push({ method, url: route.url, policy })
  })
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header)
      const principal = match ? await authenticate(match[1]!) : null
      if (!principal) throw new AppError('auth.invalid_credentials', 'the API key is not valid or has been revoked')
      request.principal = principal
    } else {
      // A browser's session cookie; anything that changes state must also carry the session's CSRF token.
      const token = (request as { cookies?: Record<string, string | undefined> }).cookies?.[SESSION_COOKIE]
      const session = token && authenticateSession ? await authenticateSession(token) : null
      if (session) {
        // a portal form route checks its own form token, then calls the API with the session's CSRF
        // header, where this check is made (forms cannot send headers)
        const formRoute = request.routeOptions.config.portalForm === true
        if (!SAFE_METHODS.has(request.method) && !formRoute) {
          const csrf = request.headers[CSRF_HEADER]
          if (typeof csrf !== 'string' || !constantTimeEqual(sha256(csrf), session.csrfHash)) {
            throw new AppError('auth.csrf', `a request that changes state needs the session's ${CSRF_HEADER} header`)
          }
        }
        // a form route acts only through the API calls it makes, where the session is checked in full
        if (!formRoute) request.principal = session.principal
      }
    }
    const policy = request.routeOptions.config.policy
    if (policy === undefined || policy === 'public') return
    if (!request.principal)
      throw new AppError('auth.missing_credentials', 'this endpoint needs an API key: Authorization: Bearer <key>')
    if (!policy.includes(request.principal.role))
      throw new AppError('auth.forbidden', `this endpoint is for: ${policy.join(', ')}`)
  })
}

/** The principal if it holds one of `roles`; otherwise 401 (no credentials) or 403. */
export function requireRole<R extends Principal['role']>(
  request: FastifyRequest,
  ...roles: R[]
): Extract<Principal, { role: R }> {
  const principal = request.principal
  if (!principal)
    throw new AppError('auth.missing_credentials', 'this endpoint needs an API key: Authorization: Bearer <key>')
  if (!(roles as string[]).includes(principal.role))
    throw new AppError('auth.forbidden', `this endpoint is for: ${roles.join(', ')}`)
  return principal as Extract<Principal, { role: R }>
}

/**
 * The portal calls the API in-process (`inject`) to build a visitor's page. Those calls carry a secret
 * made at start-up, so that the visitor's own request counts against their rate limit and the calls
 * it makes do not count again. A request from outside cannot know the secret.
 */
export const INTERNAL_CALL_HEADER = 'x-fides-internal-call'

export function registerInternalCalls(app: FastifyInstance): { isInternalCall(request: FastifyRequest): boolean } {
  const token = randomToken(32)
  const expected = sha256(token)
  app.decorate('internalCallToken', token)
  return {
    isInternalCall(request) {
      const header = request.headers[INTERNAL_CALL_HEADER]
      return typeof header === 'string' && constantTimeEqual(sha256(header), expected)
    },
  }
}
