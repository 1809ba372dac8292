/**
 * HTTP plumbing shared by every module: RFC 9457 problem+json for every error (5xx details never
 * reach the client), and API-key authentication that puts a `principal` on the request.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, toProblem, type ErrorCode, type FieldProblem } from './app-error.ts'
import type { Authenticate, Principal } from './principal.ts'

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null
  }
}

function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  return reply.status(error.status).type('application/problem+json').send(toProblem(error, request.url.split('?')[0]))
}

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'request.too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'request.unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'request.invalid',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request.invalid',
}

function fromFastify(error: FastifyError): AppError | undefined {
  if (error.validation) {
    const context = error.validationContext ?? 'body'
    const problems: FieldProblem[] = error.validation.map((v) => {
      const missing = v.keyword === 'required' ? '/' + String((v.params as { missingProperty?: string }).missingProperty ?? '') : ''
      return { pointer: `/${context}${v.instancePath}${missing}`.replace(/\/$/, ''), detail: v.message ?? 'invalid' }
    })
    return new AppError('request.invalid', `the request ${context} is not valid`, problems)
  }
  const code = error.code ? fastifyCodes[error.code] : undefined
  if (code) return new AppError(code, error.message)
  if (error instanceof SyntaxError || error.statusCode === 400) return new AppError('request.invalid', 'the request body is not valid JSON')
  return undefined
}

export function registerProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = error instanceof AppError ? error : fromFastify(error)
    if (known) return sendProblem(reply, request, known)
    request.log.error({ err: error }, 'unhandled error')
    return sendProblem(reply, request, new AppError('internal', 'something went wrong on our side; it has been logged'))
  })
  app.setNotFoundHandler((request, reply) => sendProblem(reply, request, new AppError('route.not_found', `no route ${request.method} ${request.url.split('?')[0]}`)))
}

/** Reads `Authorization: Bearer <api key>`; a present but wrong key is refused at once. */
export function registerAuthentication(app: FastifyInstance, authenticate: Authenticate): void {
  app.decorateRequest('principal', null)
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization
    if (header === undefined) return
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    const principal = match ? await authenticate(match[1]!) : null
    if (!principal) throw new AppError('auth.invalid_credentials', 'the API key is not valid or has been revoked')
    request.principal = principal
  })
}

/** The principal if it holds one of `roles`; otherwise 401 (no credentials) or 403. */
export function requireRole<R extends Principal['role']>(request: FastifyRequest, ...roles: R[]): Extract<Principal, { role: R }> {
  const principal = request.principal
  if (!principal) throw new AppError('auth.missing_credentials', 'this endpoint needs an API key: Authorization: Bearer <key>')
  if (!(roles as string[]).includes(principal.role)) throw new AppError('auth.forbidden', `this endpoint is for: ${roles.join(', ')}`)
  return principal as Extract<Principal, { role: R }>
}
