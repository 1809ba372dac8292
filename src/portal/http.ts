/** What the portal's routes share: cookies, the form parser, the visitor's language, sending a page, acting on a form. */
import type { Readable } from 'node:stream'
import type {} from '@fastify/multipart'
import type { FastifyInstance, FastifyReply, FastifyRequest, LightMyRequestResponse } from 'fastify'
import { INTERNAL_CALL_HEADER } from '../platform/http.ts'
import type { Problem } from './api.ts'
import { type Lang, langOf, type Messages, pick, t } from './i18n.ts'
import { esc, page } from './layout.ts'

/** This page's words in both languages (a text missing one does not compile). */
export const TEXT = {
  back: { zh: '返回', en: 'Back' },
} satisfies Messages

/** The token a browser got at sign-in, echoed in its forms (HTTP-only, same-site). */
export const CSRF_COOKIE = 'fides_portal_csrf'

export const cookie = (request: FastifyRequest, name: string): string | undefined =>
  new RegExp(`(?:^|;\\s*)${name}=([^;]*)`).exec(request.headers.cookie ?? '')?.[1]

export const languageOf = (request: FastifyRequest): Lang =>
  langOf(request.query as Record<string, unknown>, cookie(request, 'fides_lang'), request.headers['accept-language'])
    .lang

/** Pages with personal data: never cached. */
export const sendPrivate = (reply: FastifyReply, status: number, body: string): FastifyReply =>
  reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body)

/** Forms arrive as application/x-www-form-urlencoded (in the plugin that calls this). */
export function acceptForms(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  )
}

export const pageRoute = { config: { policy: 'public' as const }, schema: { hide: true } }
/** POSTed forms: the API's CSRF check happens on the API call the route makes (platform/http.ts) */
export const formRoute = { config: { policy: 'public' as const, portalForm: true }, schema: { hide: true } }

/**
 * The portal's one way to the API: an in-process call for the visitor's request, from the visitor's
 * address (the API's sign-in throttles count it), marked as the portal's own so that the rate limit,
 * which counted the visitor's request already, does not count it again. It goes as the visitor: their
 * cookies, and for a change the CSRF token of their session (from the portal's cookie, checked against
 * the form by the caller); `session: false` sends neither (signing in, when there is no session yet).
 * A body is JSON, or a stream with its content type (an upload).
 */
export function callApi(
  root: () => FastifyInstance,
  request: FastifyRequest,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  body?: { json: unknown } | { stream: Readable; contentType: string },
  { session = true }: { session?: boolean } = {},
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = session ? { cookie: request.headers.cookie ?? '' } : {}
  if (session && method !== 'GET') headers['x-csrf-token'] = cookie(request, CSRF_COOKIE) ?? ''
  if (body !== undefined) headers['content-type'] = 'json' in body ? 'application/json' : body.contentType
  const payload = body === undefined ? undefined : 'json' in body ? JSON.stringify(body.json) : body.stream
  const app = root()
  return app.inject({
    method,
    url,
    remoteAddress: request.ip,
    headers: { ...headers, [INTERNAL_CALL_HEADER]: app.internalCallToken },
    ...(payload === undefined ? {} : { payload }),
  })
}

/** The form's token matches the browser's cookie (a form from another site cannot know it). */
export const formTokenOk = (request: FastifyRequest, token: unknown): boolean => {
  const csrf = cookie(request, CSRF_COOKIE)
  return csrf !== undefined && csrf !== '' && token === csrf
}

/** A problem+json answer as one line for an error page. */
export function problemText(body: string, lang?: Lang): string {
  try {
    const problem = JSON.parse(body) as Partial<Problem>
    // the refusals of the charter's rules, in the page's words (no code, no pointer)
    const words = lang !== undefined && problem.code !== undefined ? CHARTER_REFUSALS[problem.code] : undefined
    if (words && lang !== undefined) return words[lang]
    return [problem.detail ?? '', ...(problem.errors ?? []).map((e) => `${e.pointer || '(file)'}: ${e.detail}`)].join(
      ' · ',
    )
  } catch {
    return ''
  }
}

const CHARTER_REFUSALS: Readonly<Record<string, { zh: string; en: string }>> = {
  'text.forbidden_category': {
    zh: '理由涉及平台依章程永不收集或使用的信息类别（如宗教、政治、民族、健康、亲属关系等）。请写明记录在案的行为和法律依据。',
    en: 'The reasons speak of a kind of information Fides never holds or uses (religion, politics, ethnicity, health, relations and the like). Give the conduct on record and the legal basis instead.',
  },
  'list.basis_not_effective': {
    zh: '所引用的记录已不再有效（已撤回、暂停展示、删除、被撤销或正在异议中），不能据以作出此步骤。',
    en: 'The record this rests on no longer holds (withdrawn, suppressed, erased, revoked or under objection), so this step cannot be taken on it.',
  },
  'evidence.content_mismatch': {
    zh: '所附文件的内容与其类型不符（例如标为 PDF 却不是 PDF 文件）。请附上 PDF 文件、PNG 或 JPEG 图片、纯文本文件本身。',
    en: 'The attached file is not what its type says (for example, named .pdf but not a PDF). Attach the PDF, PNG or JPEG image, or plain text file itself.',
  },
  'repair.not_repairable': {
    zh: '该记录已不能修复（已撤回、暂停展示、删除或不再公示），不能批准。',
    en: 'The record can no longer be repaired (withdrawn, suppressed, erased or no longer published), so the application cannot be approved.',
  },
}

/** A file part of a posted form, as it streams in. */
export interface FormFile {
  name: string
  mediaType: string
  stream: Readable
}

/**
 * A posted form's fields, plain or multipart. A multipart form's file (at most one) goes to
 * `onFile` as it arrives, with the fields before it (so a route can check the form's token first);
 * a file input left empty is skipped. Fields after the file are read too.
 */
export async function readForm<T>(
  request: FastifyRequest,
  onFile: (file: FormFile, fieldsSoFar: Record<string, string>) => Promise<T>,
): Promise<{ fields: Record<string, string>; file?: T }> {
  if (!request.isMultipart()) return { fields: (request.body ?? {}) as Record<string, string> }
  const fields: Record<string, string> = {}
  let file: T | undefined
  let got = false
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      fields[part.fieldname] = String(part.value)
      continue
    }
    if (part.filename === '' || got) {
      part.file.resume()
      await new Promise((resolve) => part.file.once('end', resolve))
      continue
    }
    got = true
    file = await onFile(
      { name: part.filename.slice(0, 200), mediaType: part.mimetype, stream: part.file },
      { ...fields },
    )
    part.file.resume()
  }
  return got ? { fields, file: file as T } : { fields }
}

/** A page saying what went wrong and the way back; `before` goes first (a console's navigation). */
export function errorPage(
  reply: FastifyReply,
  lang: Lang,
  status: number,
  message: string,
  back: string,
  before = '',
): FastifyReply {
  return sendPrivate(
    reply,
    status,
    page(lang, {
      title: t(lang, 'error'),
      path: back,
      body: `${before}<h1>${esc(t(lang, 'error'))}</h1><p role="alert">${esc(message || t(lang, 'error'))}</p><p><a href="${esc(back)}">${esc(pick(lang, TEXT.back))}</a></p>`,
    }),
  )
}

/**
 * Acts on a posted form through the API, as every portal form does: the form's token checked, the
 * call made as the visitor; then the browser goes on to `next` (which may read the API's answer), to
 * the sign-in page if the session is gone, or to an error page with the API's problem.
 */
export async function submitForm(
  root: () => FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  form: {
    token: unknown
    url: string
    json: unknown
    next: string | ((body: string) => string)
    back: string
    before?: string
  },
): Promise<FastifyReply> {
  const lang = languageOf(request)
  if (!formTokenOk(request, form.token)) return errorPage(reply, lang, 403, t(lang, 'error'), form.back, form.before)
  const res = await callApi(root, request, 'POST', form.url, { json: form.json })
  if (res.statusCode === 401) return reply.redirect('/signin', 303)
  if (res.statusCode >= 300)
    return errorPage(reply, lang, res.statusCode, problemText(res.body, lang), form.back, form.before)
  return reply.redirect(typeof form.next === 'string' ? form.next : form.next(res.body), 303)
}
