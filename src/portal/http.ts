/** What the portal's routes share: cookies, the form parser, the visitor's language, sending a page. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { langOf, type Lang } from './i18n.ts'

/** The token a browser got at sign-in, echoed in its forms (HTTP-only, same-site). */
export const CSRF_COOKIE = 'fides_portal_csrf'

export const cookie = (request: FastifyRequest, name: string): string | undefined => new RegExp(`(?:^|;\\s*)${name}=([^;]*)`).exec(request.headers.cookie ?? '')?.[1]

export const languageOf = (request: FastifyRequest): Lang => langOf(request.query as Record<string, unknown>, cookie(request, 'fides_lang'), request.headers['accept-language']).lang

/** Pages with personal data: never cached. */
export const sendPrivate = (reply: FastifyReply, status: number, body: string): FastifyReply => reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body)

/** Forms arrive as application/x-www-form-urlencoded (in the plugin that calls this). */
export function acceptForms(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))))
}

export const pageRoute = { config: { policy: 'public' as const }, schema: { hide: true } }
/** POSTed forms: the API's CSRF check happens on the API call the route makes (platform/http.ts) */
export const formRoute = { config: { policy: 'public' as const, portalForm: true }, schema: { hide: true } }
