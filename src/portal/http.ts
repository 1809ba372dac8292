/** What the portal's routes share: cookies, the form parser, the visitor's language, sending a page, acting on a form. */
import type { Readable } from 'node:stream'
import type {} from '@fastify/multipart'
import type { FastifyInstance, FastifyReply, FastifyRequest, LightMyRequestResponse } from 'fastify'
import { INTERNAL_CALL_HEADER } from '../platform/http.ts'
import { parseProblem, problemWords, ruleText } from './problems.ts'
import { type Lang, langOf, type Messages, pick, t } from './i18n.ts'
import { esc, page } from './layout.ts'

/** This page's words in both languages (a text missing one does not compile). */
export const TEXT = {
  back: { zh: '返回', en: 'Back' },
  notAllowed: { zh: '无权访问', en: 'Not allowed' },
  tooMany: { zh: '请稍候再试', en: 'Please wait a moment' },
  checkTheForm: { zh: '请检查填写的内容', en: 'Please check what you entered' },
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

/**
 * What every portal plugin sets up for its pages: the language chosen with ?lang= is remembered (a
 * cookie, on whichever page it was chosen, so that forms, sign-in and redirects keep it), and forms
 * arrive as application/x-www-form-urlencoded.
 */
export function portalBasics(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const asked = (request.query as Record<string, unknown> | undefined)?.lang
    if ((asked === 'zh' || asked === 'en') && cookie(request, 'fides_lang') !== asked)
      reply.header('set-cookie', `fides_lang=${asked}; Path=/; Max-Age=31536000; SameSite=Lax`)
  })
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

/**
 * A refusal as one line for a page, in the reader's words: the problem's sentence, then each field's
 * (no code, no JSON pointer, no schema English). For a form, re-render it with `formState` instead, so
 * that each sentence stands by its field and what was typed is kept.
 */
export function problemText(body: string, lang: Lang): string {
  const problem = parseProblem(body)
  if (!problem) return t(lang, 'error')
  const fields = problem.errors.filter((e) => e.rule !== undefined).map((e) => ruleText(lang, e.rule))
  return [problemWords(lang, problem.code), ...new Set(fields)].join(' ')
}

/**
 * A form as it was sent, with what the API said of it: the values typed (kept, to show again), a
 * sentence per field at fault, and one for the whole form. `form` names the form on its page (a page
 * may hold several); `fieldOf` maps a problem's pointer to the form's field (by default the first
 * name after /body, /query or /params: /body/statement → statement).
 */
export interface FormState {
  form: string
  values: Readonly<Record<string, string>>
  errors: Readonly<Record<string, string>>
  message: string
}

export function formState(
  lang: Lang,
  form: string,
  values: Readonly<Record<string, string>>,
  problemBody: string,
  fieldOf: (pointer: string) => string | undefined = defaultField,
): FormState {
  const problem = parseProblem(problemBody)
  const errors: Record<string, string> = {}
  for (const e of problem?.errors ?? []) {
    const name = fieldOf(e.pointer)
    if (name !== undefined && errors[name] === undefined)
      errors[name] =
        e.rule !== undefined ? ruleText(lang, e.rule) : problem ? problemWords(lang, problem.code) : t(lang, 'error')
  }
  return { form, values, errors, message: problem ? problemWords(lang, problem.code) : t(lang, 'error') }
}

const defaultField = (pointer: string): string | undefined =>
  /^\/(?:body|query|params)\/([^/]+)/.exec(pointer)?.[1] ?? (/^\/([^/]+)/.exec(pointer)?.[1] || undefined)

/** What was typed in a field of this form (when the page is shown again after a refusal), else `fallback`. */
export const typed = (state: FormState | undefined, form: string, name: string, fallback = ''): string =>
  state?.form === form ? (state.values[name] ?? fallback) : fallback

/** The form's own refusal, at its top (announced to screen readers), when this is the form refused. */
export const formAlert = (state: FormState | undefined, form: string): string =>
  state?.form === form ? `<p class="form-error" role="alert">${esc(state.message)}</p>` : ''

/**
 * One labelled field of a form, with what was typed kept and its refusal beside it (tied to it for
 * screen readers). `kind` is an input type, or textarea; `options` makes it a select (value, words).
 */
export function field(
  state: FormState | undefined,
  form: string,
  f: {
    name: string
    label: string
    kind?: string
    value?: string
    hint?: string
    required?: boolean
    maxlength?: number
    autocomplete?: string
    options?: readonly (readonly [string, string])[]
    rows?: number
    /** what is typed is data, not the page's words (translate="no"): free text a person writes, an identifier */
    data?: boolean
  },
): string {
  const id = `${form}-${f.name}`
  const value = typed(state, form, f.name, f.value ?? '')
  const error = state?.form === form ? state.errors[f.name] : undefined
  const described = [f.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ')
  const attrs = `id="${esc(id)}" name="${esc(f.name)}"${f.required ? ' required' : ''}${f.maxlength ? ` maxlength="${f.maxlength}"` : ''}${f.autocomplete ? ` autocomplete="${esc(f.autocomplete)}"` : ''}${described ? ` aria-describedby="${esc(described)}"` : ''}${error ? ' aria-invalid="true"' : ''}${f.data ? ' translate="no"' : ''}`
  const control = f.options
    ? `<select ${attrs}>${f.options.map(([v, words]) => `<option value="${esc(v)}"${v === value ? ' selected' : ''}>${esc(words)}</option>`).join('')}</select>`
    : f.kind === 'textarea'
      ? `<textarea ${attrs} rows="${f.rows ?? 4}" translate="no">${esc(value)}</textarea>`
      : `<input type="${esc(f.kind ?? 'text')}" ${attrs} value="${esc(value)}">`
  return `<p class="field${error ? ' invalid' : ''}"><label for="${esc(id)}">${esc(f.label)}</label>${f.hint ? `<small class="muted" id="${esc(id)}-hint">${esc(f.hint)}</small>` : ''}${control}${error ? `<small class="field-error" id="${esc(id)}-error">${esc(error)}</small>` : ''}</p>`
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

/** The heading of a page that could not be given: the visitor's mistake is not "try again later". */
export function errorHeading(lang: Lang, status: number): string {
  if (status === 404) return t(lang, 'notFound')
  if (status === 401 || status === 403) return pick(lang, TEXT.notAllowed)
  if (status === 429) return pick(lang, TEXT.tooMany)
  if (status >= 400 && status < 500) return pick(lang, TEXT.checkTheForm)
  return t(lang, 'error')
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
  const heading = errorHeading(lang, status)
  return sendPrivate(
    reply,
    status,
    page(lang, {
      title: heading,
      path: back,
      body: `${before}<h1>${esc(heading)}</h1><p role="alert">${esc(message || t(lang, 'error'))}</p><p><a href="${esc(back)}">${esc(pick(lang, TEXT.back))}</a></p>`,
    }),
  )
}

/**
 * Acts on a posted form through the API, as every portal form does: the form's token checked, the
 * call made as the visitor; then the browser goes on to `next` (which may read the API's answer), to
 * the sign-in page if the session is gone. A refusal of the visitor's input shows the form again
 * (`again`: the page shown with 422, given what was typed and the API's words for each field); anything else, an
 * error page in the reader's words.
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
    again?: {
      form: string
      values: Record<string, string>
      fieldOf?: (pointer: string) => string | undefined
      show: (state: FormState) => Promise<FastifyReply> | FastifyReply
    }
  },
): Promise<FastifyReply> {
  const lang = languageOf(request)
  if (!formTokenOk(request, form.token))
    return errorPage(reply, lang, 403, problemWords(lang, 'auth.csrf'), form.back, form.before)
  const res = await callApi(root, request, 'POST', form.url, { json: form.json })
  if (res.statusCode === 401) return reply.redirect('/signin', 303)
  if (res.statusCode >= 300) {
    if (form.again && res.statusCode >= 400 && res.statusCode < 500 && res.statusCode !== 403 && res.statusCode !== 429)
      return form.again.show(formState(lang, form.again.form, form.again.values, res.body, form.again.fieldOf))
    return errorPage(reply, lang, res.statusCode, problemText(res.body, lang), form.back, form.before)
  }
  return reply.redirect(typeof form.next === 'string' ? form.next : form.next(res.body), 303)
}
