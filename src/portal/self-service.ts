/**
 * The subject's pages: sign in, register (self-register.ts), my file (every record with what it says,
 * self-file.ts; its standing; only the forms its state allows), an organisation's grade and its reasons,
 * who looked, consents, objections, repairs, notices, sign out. Forms post to the portal, which calls the
 * API in-process with the visitor's session cookie and the CSRF token the API gave at sign-in (kept in an
 * HTTP-only, same-site cookie and echoed in each form, so a form from elsewhere cannot act: the two must
 * match). A refused form comes back with what was typed and the API's words beside each field.
 */
import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type {
  Consents,
  CreditFile,
  EvidenceDocument,
  Inquiries,
  OwnListEntries,
  Me,
  Notices,
  OwnClaim,
  OwnObjections,
  OwnRating,
  OwnRepairs,
  PersonScores,
  PublishedCatalogue,
  RelyingParties,
  Session,
} from './api.ts'
import { chinaDay, type Lang, type Messages, pick, standingText, statusText, t } from './i18n.ts'
import { randomToken } from '../platform/crypto.ts'
import { SESSION_COOKIE } from '../platform/http.ts'
import {
  portalBasics,
  callApi,
  cookie,
  CSRF_COOKIE,
  errorPage,
  field,
  formAlert,
  formRoute,
  type FormState,
  formTokenOk,
  languageOf,
  pageRoute,
  problemText,
  readForm,
  sendPrivate,
  submitForm,
  type FormFile,
} from './http.ts'
import { esc, page, table } from './layout.ts'
import {
  looksSection,
  noticeHtml,
  printableFile,
  ratingSection,
  recordContents,
  scoresSection,
  TEXT as FILE_TEXT,
} from './self-file.ts'
import { dayText } from './report-fields.ts'
import { registrationRoutes } from './self-register.ts'
import { claimBody, claimTitle } from './self-claim.ts'

/** This page's words in both languages (a text missing one does not compile). */
export const TEXT = {
  aDocumentPdfImageOrText: {
    zh: '证明文件（可选；PDF、图片或文本，不超过10兆字节，加密保存）',
    en: 'A document (optional; PDF, image or text, up to 10 MB; stored encrypted)',
  },
  aStatementOptionalShownWithThe: {
    zh: '个人声明（可选，随记录展示）',
    en: 'A statement (optional; shown with the record)',
  },
  applyForRepair: { zh: '申请信用修复', en: 'Apply for repair' },
  howYouHavePutItRight: { zh: '已纠正的情况（必填）', en: 'How you have put it right (required)' },
  apply: { zh: '提交申请', en: 'Apply' },
  anIdentityDocument: {
    zh: '身份证件（PDF、图片或文本，不超过10兆字节，加密保存）',
    en: 'An identity document (PDF, image or text, up to 10 MB; stored encrypted)',
  },
  chooseAFile: { zh: '请选择要上传的文件。', en: 'Choose the file to upload.' },
  signedIn: { zh: '已登录', en: 'Signed in' },
  goToYourPages: { zh: '进入您的页面', en: 'Go to your pages' },
  toSignInAsSomeoneElse: { zh: '如需以其他账户登录，请先退出。', en: 'To sign in as someone else, sign out first.' },
  theSignInFormHadExpired: {
    zh: '登录表单已过期，请重新输入密码。',
    en: 'The sign-in form had expired: please enter your password again.',
  },
  noAccount: { zh: '还没有账户？', en: 'No account yet?' },
  registerHere: { zh: '注册', en: 'Register' },
  youCouldNotBeSignedOut: { zh: '未能退出，请再试一次。', en: 'You could not be signed out: please try again.' },
  yourRepairApplicationIsInFeedback: {
    zh: '修复申请已提交，10个工作日内反馈。',
    en: 'Your repair application is in: feedback within 10 working days.',
  },
  yourConsentIsRecorded: { zh: '授权已记录。', en: 'Your consent is recorded.' },
  notPublic: { zh: '不向公众公示', en: 'not shown to the public' },
  publicUntil: (day: string) => ({ zh: `向公众公示至 ${day}`, en: `shown to the public until ${day}` }),
  keptUntil: (day: string) => ({ zh: `保存至 ${day}`, en: `kept until ${day}` }),
  countedFromTheEndOfThe: {
    zh: '保存期自行为结束之日起算',
    en: 'kept for a period counted from the end of the conduct',
  },
  letAnInstitutionLook: { zh: '授权一家机构查询', en: 'Let an institution look' },
  institutionAndPurpose: { zh: '机构和查询目的', en: 'The institution, and what for' },
  institutionHint: {
    zh: '只能授权已在平台登记的机构，并只用于其登记的目的。',
    en: 'Only an institution registered with Fides, for a purpose it is registered for.',
  },
  noInstitutions: { zh: '目前没有可以授权的机构。', en: 'There is no institution to give consent to yet.' },
  untilTwoYearsAtMost: { zh: '有效至（最长两年）', en: 'Until (two years at most)' },
  giveConsent: { zh: '授权', en: 'Give consent' },
  theSourceIsLate: { zh: '来源逾期未答复', en: 'the source is late' },
  listEntriesAboutMe: { zh: '关于我的名单条目', en: 'List entries about me' },
  none: { zh: '没有。', en: 'None.' },
  status: { zh: '状态', en: 'Status' },
  term: { zh: '期限', en: 'Term' },
  fromTo: (from: string, to: string) => ({ zh: `${from} 至 ${to}`, en: `${from} to ${to}` }),
  objection: { zh: '异议', en: 'Objection' },
  objectUntil: (day: string) => ({ zh: `可提出异议至 ${day}`, en: `You can object until ${day}.` }),
  answerDueHeading: { zh: '答复期限', en: 'Answer due' },
  myObjections: { zh: '我的异议', en: 'My objections' },
  about: { zh: '异议对象', en: 'About' },
  filed: { zh: '提出日期', en: 'Filed' },
  myRepairApplications: { zh: '我的信用修复申请', en: 'My repair applications' },
  applied: { zh: '申请日期', en: 'Applied' },
  nextDeadline: { zh: '下一期限', en: 'Next deadline' },
  answer: { zh: '答复', en: 'Answer' },
  evidence: (required: boolean) => ({
    zh: required ? '证据说明（必填）' : '证据说明（可选）',
    en: required ? 'The evidence (required)' : 'Evidence (optional)',
  }),
  signedInAs: (name: string) => ({ zh: `您已登录为：${name}。`, en: `You are signed in as ${name}.` }),
  seconds: (n: number) => ({ zh: `${n} 秒`, en: `${n} seconds` }),
  minutes: (n: number) => ({ zh: `${n} 分钟`, en: `${n} minutes` }),
  tooManyAttempts: (wait: string) => ({
    zh: `尝试次数过多，请 ${wait}后再试。`,
    en: `Too many attempts: please try again in ${wait}.`,
  }),
  decidedBy: (day: string) => ({ zh: `决定日期 ${day}`, en: `decided on ${day}` }),
  source: { zh: '来源', en: 'Source' },
  publication: { zh: '公示和保存', en: 'Publication and keeping' },
  standing: { zh: '状态', en: 'Standing' },
  answerDue: (day: string) => ({ zh: `（答复期限 ${day}）`, en: ` (answer due ${day})` }),
  yourStatement: { zh: '您的声明', en: 'Your statement' },
  repairFrom: (day: string) => ({
    zh: `这条记录须公示满最短期限，自 ${day} 起可以申请信用修复。`,
    en: `This record must stay published for its minimum period: you can apply for repair from ${day}.`,
  }),
  gradeAndReasons: { zh: '信用等级和原因', en: 'Credit grade and its reasons' },
  workspaceIntro: {
    zh: '这里是本组织在平台上的全部信息：记录、信用等级及原因、名单、异议和信用修复申请。',
    en: 'Everything the platform holds on your organisation: records, grade and its reasons, lists, objections and repair applications.',
  },
  organisationFile: { zh: '组织信用档案', en: "The organisation's credit file" },
  aListEntry: (name: string) => ({ zh: `名单：${name}`, en: `List: ${name}` }),
} satisfies Messages

type Root = () => FastifyInstance

/** The sign-in form's own token (login CSRF), in a cookie for /signin only. */
const SIGNIN_COOKIE = 'fides_signin'
/** Where each role works after signing in (an auditor: the read-only console). */
const CONSOLES: Readonly<Record<string, string>> = {
  officer: '/officer',
  source: '/source',
  relying_party: '/relying-party',
  subject: '/me',
  auditor: '/auditor',
}

const html = (reply: FastifyReply, status: number, body: string) => sendPrivate(reply, status, body)

/** A table that scrolls inside its box on a phone, named for screen readers. */
/** Labelled facts (a label in words, a value as HTML) as a definition list, its values aligned with every other on the page. */
const factsList = (facts: readonly (readonly string[])[]) =>
  `<dl class="facts">${facts.map(([dt, dd]) => `<dt>${esc(dt ?? '')}</dt><dd>${dd ?? ''}</dd>`).join('')}</dl>`

const scrollTable = (label: string, headers: string[], rows: string[][]) =>
  `<div class="scroll" role="region" aria-label="${esc(label)}" tabindex="0">${table(headers, rows)}</div>`

/** Data, not the page's words. */
const data = (s: string) => `<span translate="no">${esc(s)}</span>`

/** A form's hidden parts: the session's token and the form's name (so a refusal can show it again). */
const hidden = (csrf: string, form: string, extra: Record<string, string> = {}) =>
  [['csrf', csrf], ['form', form], ...Object.entries(extra)]
    .map(([n, v]) => `<input type="hidden" name="${esc(n)}" value="${esc(v)}">`)
    .join('')

/** The document field of a form (not kept after a mistake: a browser cannot be given a file back). */
const documentField = (
  lang: Lang,
  state: FormState | undefined,
  form: string,
  label = pick(lang, TEXT.aDocumentPdfImageOrText),
) => {
  const error = state?.form === form ? state.errors.document : undefined
  const id = `${form}-document`
  return `<p class="field${error ? ' invalid' : ''}"><label for="${esc(id)}">${esc(label)}</label><input id="${esc(id)}" name="document" type="file" accept=".pdf,.png,.jpg,.jpeg,.txt,application/pdf,image/png,image/jpeg,text/plain"${error ? ` aria-invalid="true" aria-describedby="${esc(id)}-error"` : ''}>${error ? `<small class="field-error" id="${esc(id)}-error">${esc(error)}</small>` : ''}</p>`
}

function objectionForm(
  lang: Lang,
  csrf: string,
  state: FormState | undefined,
  target: { recordId: string } | { entryId: string },
  what: string,
): string {
  const form = 'recordId' in target ? `object-${target.recordId}` : `object-entry-${target.entryId}`
  const action = 'recordId' in target ? '/me/objections' : `/me/list-entries/${target.entryId}/objection`
  const extra: Record<string, string> = 'recordId' in target ? { recordId: target.recordId } : {}
  return `<details${state?.form === form ? ' open' : ''}><summary>${esc(t(lang, 'objectTo'))}<span class="sr-only">: ${esc(what)}</span></summary>${formAlert(state, form)}<form method="post" action="${esc(action)}" enctype="multipart/form-data" novalidate>${hidden(csrf, form, extra)}
${field(state, form, { name: 'reasons', label: t(lang, 'reasons'), kind: 'textarea', required: true, maxlength: 4000, rows: 3 })}
${field(state, form, { name: 'statement', label: pick(lang, TEXT.aStatementOptionalShownWithThe), kind: 'textarea', maxlength: 1000, rows: 2 })}
${field(state, form, { name: 'evidence', label: pick(lang, TEXT.evidence(false)), maxlength: 1000 })}
${documentField(lang, state, form)}<button type="submit">${esc(t(lang, 'objectTo'))}</button></form></details>`
}

function repairForm(
  lang: Lang,
  csrf: string,
  state: FormState | undefined,
  target: { recordId: string } | { listEntryId: string },
  what: string,
): string {
  const [name, value] = 'recordId' in target ? ['recordId', target.recordId] : ['listEntryId', target.listEntryId]
  const form = `repair-${value}`
  return `<details${state?.form === form ? ' open' : ''}><summary>${esc(pick(lang, TEXT.applyForRepair))}<span class="sr-only">: ${esc(what)}</span></summary>${formAlert(state, form)}<form method="post" action="/me/repairs" enctype="multipart/form-data" novalidate>${hidden(csrf, form, { [name]: value })}
${field(state, form, { name: 'statement', label: pick(lang, TEXT.howYouHavePutItRight), kind: 'textarea', required: true, maxlength: 4000, rows: 3 })}
${field(state, form, { name: 'evidence', label: pick(lang, TEXT.evidence(true)), required: true, maxlength: 1000 })}
${documentField(lang, state, form)}<button type="submit">${esc(pick(lang, TEXT.apply))}</button></form></details>`
}

export function selfServiceRoutes(root: Root): FastifyPluginAsync {
  return async (app) => {
    portalBasics(app)
    await app.register(multipart, { limits: { files: 1, fields: 8, fileSize: 20 * 1024 * 1024 } })
    registrationRoutes(app, root)

    // login CSRF: the sign-in form carries a token of its own, set with it in a same-site cookie; a form
    // posted from another site has neither, and cannot sign the visitor in to someone else's account
    const issueSignInToken = (reply: FastifyReply): string => {
      const token = randomToken(16)
      reply.header('set-cookie', `${SIGNIN_COOKIE}=${token}; Path=/signin; HttpOnly; SameSite=Strict`)
      return token
    }
    const signInPage = (lang: Lang, token: string, message = '', username = '') => {
      const state: FormState | undefined = message
        ? { form: 'signin', values: { username }, errors: {}, message }
        : undefined
      return page(lang, {
        title: t(lang, 'navSignIn'),
        path: '/signin',
        body: `<h1>${esc(t(lang, 'navSignIn'))}</h1>${formAlert(state, 'signin')}
<form method="post" action="/signin"><input type="hidden" name="signin" value="${esc(token)}">
${field(state, 'signin', { name: 'username', label: t(lang, 'username'), required: true, maxlength: 64, autocomplete: 'username', value: username })}
${field(state, 'signin', { name: 'password', label: t(lang, 'password'), kind: 'password', required: true, maxlength: 256, autocomplete: 'current-password' })}
<button type="submit">${esc(t(lang, 'navSignIn'))}</button></form>
<p>${esc(pick(lang, TEXT.noAccount))} <a href="/register">${esc(pick(lang, TEXT.registerHere))}</a></p>`,
      })
    }
    // who is signed in on this browser, if anyone (any role)
    const signedIn = async (request: FastifyRequest): Promise<Me | null> => {
      if (!cookie(request, SESSION_COOKIE)) return null
      const res = await callApi(root, request, 'GET', '/v1/me')
      return res.statusCode === 200 ? (JSON.parse(res.body) as Me) : null
    }
    const signOutForm = (lang: Lang, request: FastifyRequest) =>
      `<form method="post" action="/signout"><input type="hidden" name="csrf" value="${esc(cookie(request, CSRF_COOKIE) ?? '')}"><button type="submit">${esc(t(lang, 'signOut'))}</button></form>`
    const signedInPage = (lang: Lang, request: FastifyRequest, me: Me) =>
      page(lang, {
        title: pick(lang, TEXT.signedIn),
        path: '/signout',
        body: `<h1>${esc(pick(lang, TEXT.signedIn))}</h1><p>${esc(pick(lang, TEXT.signedInAs('\u0000')))
          .split('\u0000')
          .join(
            data(me.name),
          )}${CONSOLES[me.role] ? ` <a href="${CONSOLES[me.role]}">${esc(pick(lang, TEXT.goToYourPages))}</a>` : ''}</p>
${signOutForm(lang, request)}
<p class="muted">${esc(pick(lang, TEXT.toSignInAsSomeoneElse))}</p>`,
      })

    app.get('/signin', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const me = await signedIn(request)
      return html(reply, 200, me ? signedInPage(lang, request, me) : signInPage(lang, issueSignInToken(reply)))
    })

    // a form route: a signed-in visitor posting it gets a page, not the API's refusal of a request without its CSRF header
    app.post('/signin', formRoute, async (request, reply) => {
      const lang = languageOf(request)
      const form = (request.body ?? {}) as Record<string, string>
      const username = form.username ?? ''
      const me = await signedIn(request)
      if (me) return html(reply, 409, signedInPage(lang, request, me))
      const token = cookie(request, SIGNIN_COOKIE)
      if (!token || form.signin !== token)
        return html(
          reply,
          403,
          signInPage(lang, issueSignInToken(reply), pick(lang, TEXT.theSignInFormHadExpired), username),
        )
      const res = await callApi(
        root,
        request,
        'POST',
        '/v1/session',
        { json: { username, password: form.password ?? '' } },
        { session: false },
      )
      if (res.statusCode === 429) {
        const seconds = Math.max(1, Number(res.headers['retry-after']) || 1)
        reply.header('retry-after', String(seconds))
        const wait =
          seconds < 120 ? pick(lang, TEXT.seconds(seconds)) : pick(lang, TEXT.minutes(Math.ceil(seconds / 60)))
        return html(
          reply,
          429,
          signInPage(lang, issueSignInToken(reply), pick(lang, TEXT.tooManyAttempts(wait)), username),
        )
      }
      if (res.statusCode !== 200)
        return html(reply, 401, signInPage(lang, issueSignInToken(reply), t(lang, 'signInFailed'), username))
      const { csrfToken, role } = JSON.parse(res.body) as Session
      const session = ([] as string[]).concat(res.headers['set-cookie'] ?? [])
      // the language chosen stays: the fides_lang cookie is left as it is
      reply.header('set-cookie', [
        ...session,
        `${CSRF_COOKIE}=${csrfToken}; Path=/; HttpOnly; SameSite=Strict`,
        `${SIGNIN_COOKIE}=; Path=/signin; Max-Age=0`,
      ])
      return reply.redirect(CONSOLES[role] ?? '/me', 303)
    })

    // whoever is signed in (officers, auditors, sources' and relying parties' staff, subjects) signs out here
    app.get('/signout', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const me = await signedIn(request)
      return me ? html(reply, 200, signedInPage(lang, request, me)) : reply.redirect('/signin', 303)
    })

    app.post('/signout', formRoute, async (request, reply) => {
      const lang = languageOf(request)
      const failed = (status: number) =>
        errorPage(reply, lang, status, pick(lang, TEXT.youCouldNotBeSignedOut), '/signout')
      if (!formTokenOk(request, ((request.body ?? {}) as Record<string, string>).csrf)) return failed(403)
      const res = await callApi(root, request, 'DELETE', '/v1/session')
      // 401: the session had ended already
      if (res.statusCode !== 204 && res.statusCode !== 401) return failed(res.statusCode)
      reply.header('set-cookie', [`${SESSION_COOKIE}=; Path=/; Max-Age=0`, `${CSRF_COOKIE}=; Path=/; Max-Age=0`])
      return reply.redirect('/', 303)
    })

    /** The subject's file, as the API gives it: everything on one page, `state` the form refused (if any). */
    const showMe = async (
      request: FastifyRequest,
      reply: FastifyReply,
      state?: FormState,
      status = 200,
    ): Promise<FastifyReply> => {
      const lang = languageOf(request)
      const get = (url: string) => callApi(root, request, 'GET', url)
      const file = await get('/v1/me/file?history=false')
      if (file.statusCode === 401) return reply.redirect('/signin', 303)
      if (file.statusCode === 403) {
        // signed in, but not (yet) as a verified subject: say so, or send another role to its console
        const me = await signedIn(request)
        const claim = me?.role === 'subject' ? await get('/v1/me/claim') : undefined
        if (claim?.statusCode === 200) {
          const own = JSON.parse(claim.body) as OwnClaim
          const form = 'claim-document'
          return html(
            reply,
            status,
            page(lang, {
              title: claimTitle(lang, own),
              path: '/me',
              body: claimBody(lang, own, {
                csrf: cookie(request, CSRF_COOKIE) ?? '',
                documentField: documentField(lang, state, form, pick(lang, TEXT.anIdentityDocument)),
                signOut: signOutForm(lang, request),
                given: Boolean((request.query as Record<string, unknown>).given),
                ...(state ? { state } : {}),
              }),
            }),
          )
        }
        return me ? html(reply, 200, signedInPage(lang, request, me)) : reply.redirect('/signin', 303)
      }
      if (file.statusCode !== 200) return errorPage(reply, lang, file.statusCode, problemText(file.body, lang), '/')
      const data_ = JSON.parse(file.body) as CreditFile
      const isPerson = data_.subject.subjectType === 'person'
      const urls = [
        '/v1/me/inquiries',
        '/v1/me/consents',
        '/v1/me/notices',
        '/v1/me/list-entries',
        '/v1/me/repairs',
        '/v1/me/objections',
        '/v1/catalogue',
        '/v1/me/relying-parties',
        isPerson ? '/v1/me/scores' : '/v1/me/rating',
      ]
      const answers = await Promise.all(urls.map(get))
      const ok = <T>(i: number, empty: T): T =>
        answers[i]?.statusCode === 200 ? (JSON.parse(answers[i].body) as T) : empty
      const looks = ok<Inquiries>(0, [])
      const consents = ok<Consents>(1, [])
      const notices = ok<Notices>(2, { notices: [] }).notices
      const entries = ok<OwnListEntries>(3, { entries: [] }).entries
      const repairs = ok<OwnRepairs>(4, { applications: [] }).applications
      const objections = ok<OwnObjections>(5, { objections: [] }).objections
      const catalogue = ok<PublishedCatalogue | null>(6, null)
      const parties = ok<RelyingParties>(7, { relyingParties: [] }).relyingParties
      const rating = isPerson ? null : ok<OwnRating | null>(8, null)
      const scores = isPerson ? ok<PersonScores>(8, { scores: [] }).scores : []

      const kinds = new Map((catalogue?.kinds ?? []).map((k) => [k.code, k]))
      const lists = new Map((catalogue?.lists.listKinds ?? []).map((k) => [k.code, k]))
      const kindName = (code: unknown) => {
        const k = typeof code === 'string' ? kinds.get(code) : undefined
        return k ? pick(lang, k.name) : undefined
      }
      const listName = (code: unknown) => {
        const k = typeof code === 'string' ? lists.get(code) : undefined
        return k ? pick(lang, k.name) : undefined
      }
      const records = data_.categories.flatMap((c) => c.records)
      const csrf = cookie(request, CSRF_COOKIE) ?? ''
      const query = request.query as Record<string, unknown>
      const done = query.filed
        ? t(lang, 'objectionFiled')
        : query.applied
          ? pick(lang, TEXT.yourRepairApplicationIsInFeedback)
          : query.granted
            ? pick(lang, TEXT.yourConsentIsRecorded)
            : ''
      const none = (text: string) => `<p>${esc(text)}</p>`

      const recordItem = (r: (typeof records)[number]) => {
        const name = pick(lang, r.kindName)
        const publication = `${esc(r.publicUntil ? pick(lang, TEXT.publicUntil(dayText(lang, r.publicUntil))) : pick(lang, TEXT.notPublic))}; ${esc(r.keptUntil ? pick(lang, TEXT.keptUntil(dayText(lang, r.keptUntil))) : pick(lang, TEXT.countedFromTheEndOfThe))}`
        const facts = [
          [t(lang, 'decidedOn'), esc(dayText(lang, r.decidedOn))],
          [pick(lang, TEXT.source), data(r.source.displayName)],
          [pick(lang, TEXT.publication), publication],
          [
            pick(lang, TEXT.standing),
            `${esc(standingText(lang, r.standing))}${r.objection ? esc(pick(lang, TEXT.answerDue(dayText(lang, r.objection.dueOn)))) : ''}`,
          ],
          ...(r.statement ? [[pick(lang, TEXT.yourStatement), data(r.statement)]] : []),
        ]
        const repair = r.repair
        const actions =
          (r.standing === 'current' ? objectionForm(lang, csrf, state, { recordId: r.recordId }, name) : '') +
          (repair?.open
            ? repairForm(lang, csrf, state, { recordId: r.recordId }, name)
            : repair?.why === 'too_early' && repair.from
              ? `<p class="muted">${esc(pick(lang, TEXT.repairFrom(dayText(lang, repair.from))))}</p>`
              : '')
        return `<li id="record-${esc(r.recordId)}"${r.polarity === 'negative' ? ' class="negative"' : ''}><h3>${esc(name)}</h3>${factsList(facts)}${recordContents(lang, r, kinds.get(r.kind))}${actions}</li>`
      }

      const entryItem = (e: (typeof entries)[number]) => {
        const name = pick(lang, e.listName)
        const facts = [
          [pick(lang, TEXT.status), esc(statusText(lang, e.status))],
          ...(e.startsOn || e.endsOn
            ? [
                [
                  pick(lang, TEXT.term),
                  esc(pick(lang, TEXT.fromTo(dayText(lang, e.startsOn ?? '—'), dayText(lang, e.endsOn ?? '—')))),
                ],
              ]
            : []),
          ...(e.objectionOpenUntil
            ? [[pick(lang, TEXT.objection), esc(pick(lang, TEXT.objectUntil(dayText(lang, e.objectionOpenUntil))))]]
            : []),
          [t(lang, 'legalBasis'), esc(pick(lang, e.legalBasis))],
        ]
        const actions =
          (e.objectionOpen ? objectionForm(lang, csrf, state, { entryId: e.entryId }, name) : '') +
          (e.inForce && e.earlyRemoval.length > 0
            ? repairForm(lang, csrf, state, { listEntryId: e.entryId }, name)
            : '')
        return `<li id="entry-${esc(e.entryId)}"><h3>${esc(name)}</h3>${factsList(facts)}${actions}</li>`
      }

      const looked = looksSection(lang, looks, (h, rows) => scrollTable(t(lang, 'whoLooked'), h, rows))

      // each revoke button is named by its institution (aria-labelledby: no hidden text to stick out of a scrolling table)
      const consentRows = consents.map((c) => [
        `<span id="party-${esc(c.consentId)}" translate="no">${esc(c.relyingPartyDisplayName)}</span>`,
        esc(pick(lang, c.purposeName)),
        esc(dayText(lang, chinaDay(c.expiresAt))),
        c.revokedAt
          ? esc(t(lang, 'revoked'))
          : `<form method="post" action="/me/consents/${esc(c.consentId)}/revoke"><input type="hidden" name="csrf" value="${esc(csrf)}"><button type="submit" id="revoke-${esc(c.consentId)}" aria-labelledby="revoke-${esc(c.consentId)} party-${esc(c.consentId)}">${esc(t(lang, 'revoke'))}</button></form>`,
      ])
      const grant = consentForm(lang, csrf, state, parties)

      const objectionRows = objections.map((o) => [
        esc(
          o.target.type === 'list_entry'
            ? pick(lang, TEXT.aListEntry(listName(o.target.kind) ?? ''))
            : (kindName(o.target.kind) ?? ''),
        ),
        esc(dayText(lang, chinaDay(o.filedAt))),
        `${esc(statusText(lang, o.status))}${o.overdue ? ` <span class="badge">${esc(pick(lang, TEXT.theSourceIsLate))}</span>` : ''}`,
        esc(dayText(lang, o.dueOn)),
      ])
      const repairRows = repairs.map((a) => [
        esc(
          a.target.type === 'list_entry'
            ? pick(lang, TEXT.aListEntry(listName(a.target.kind) ?? ''))
            : (kindName(a.target.kind) ?? ''),
        ),
        esc(statusText(lang, a.status)),
        esc(dayText(lang, a.appliedOn)),
        esc(dayText(lang, a.status === 'submitted' ? a.feedbackDueOn : (a.decisionDueOn ?? '—'))),
        (a.decisionReasons ?? a.feedback) ? data(a.decisionReasons ?? a.feedback ?? '') : '',
      ])
      const names = {
        kind: kindName,
        list: listName,
        entryForm: (id: string) => (entries.some((e) => e.entryId === id) ? `/me#entry-${id}` : undefined),
      }
      const title = isPerson ? t(lang, 'mineTitle') : pick(lang, TEXT.organisationFile)
      const body = `<h1>${esc(title)}: ${data(data_.subject.name)}</h1><p>${esc(isPerson ? t(lang, 'mineIntro') : pick(lang, TEXT.workspaceIntro))} <a href="/me/print">${esc(t(lang, 'printable'))}</a> · <a href="/v1/me/export">${esc(t(lang, 'download'))}</a></p>${done ? `<p role="status"><strong>${esc(done)}</strong></p>` : ''}
${signOutForm(lang, request)}
${isPerson ? `<h2>${esc(pick(lang, FILE_TEXT.scoresAboutMe))}</h2>${scoresSection(lang, scores, scrollTable)}` : `<h2>${esc(pick(lang, TEXT.gradeAndReasons))}</h2>${ratingSection(lang, rating)}`}
<h2>${esc(t(lang, 'records'))}</h2>${records.length === 0 ? none(t(lang, 'noRecords')) : `<ul class="plain">${records.map(recordItem).join('')}</ul>`}
<h2>${esc(pick(lang, TEXT.listEntriesAboutMe))}</h2>${entries.length === 0 ? none(pick(lang, TEXT.none)) : `<ul class="plain">${entries.map(entryItem).join('')}</ul>`}
<h2>${esc(t(lang, 'whoLooked'))}</h2>${looks.length === 0 ? none(t(lang, 'noInquiries')) : `${looked.others ? `<h3>${esc(looked.othersHeading)}</h3>${looked.others}` : ''}${looked.mine}`}
<h2>${esc(t(lang, 'consents'))}</h2>${consents.length === 0 ? none(t(lang, 'noConsents')) : scrollTable(t(lang, 'consents'), [t(lang, 'who'), t(lang, 'purpose'), t(lang, 'until'), t(lang, 'revoke')], consentRows)}${grant}
<h2>${esc(pick(lang, TEXT.myObjections))}</h2>${objections.length === 0 ? none(pick(lang, TEXT.none)) : scrollTable(pick(lang, TEXT.myObjections), [pick(lang, TEXT.about), pick(lang, TEXT.filed), pick(lang, TEXT.status), pick(lang, TEXT.answerDueHeading)], objectionRows)}
<h2>${esc(pick(lang, TEXT.myRepairApplications))}</h2>${repairs.length === 0 ? none(pick(lang, TEXT.none)) : scrollTable(pick(lang, TEXT.myRepairApplications), [t(lang, 'kind'), pick(lang, TEXT.status), pick(lang, TEXT.applied), pick(lang, TEXT.nextDeadline), pick(lang, TEXT.answer)], repairRows)}
<h2>${esc(t(lang, 'notices'))}</h2>${notices.length === 0 ? none(t(lang, 'noNotices')) : `<ul>${notices.map((n) => `<li>${esc(dayText(lang, chinaDay(n.createdAt)))}: ${noticeHtml(lang, n, names)}</li>`).join('')}</ul>`}`
      return html(reply, status, page(lang, { title, path: '/me', body }))
    }

    app.get('/me', pageRoute, async (request, reply) => showMe(request, reply))

    // the file to print or keep as PDF, in the visitor's language, its records worded as on /me
    app.get('/me/print', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const get = (url: string) => callApi(root, request, 'GET', url)
      const [file, catalogue, inquiries] = await Promise.all(
        ['/v1/me/file?history=false', '/v1/catalogue', '/v1/me/inquiries'].map(get),
      )
      if (file!.statusCode === 401) return reply.redirect('/signin', 303)
      if (file!.statusCode !== 200) return reply.redirect('/me', 303)
      const data_ = JSON.parse(file!.body) as CreditFile
      const kinds = catalogue!.statusCode === 200 ? (JSON.parse(catalogue!.body) as PublishedCatalogue).kinds : []
      const looks = inquiries!.statusCode === 200 ? (JSON.parse(inquiries!.body) as Inquiries) : []
      const looked = looksSection(lang, looks, (h, rows) => scrollTable(t(lang, 'whoLooked'), h, rows))
      const title = data_.subject.subjectType === 'person' ? t(lang, 'mineTitle') : pick(lang, TEXT.organisationFile)
      const body = printableFile(
        lang,
        data_,
        new Map(kinds.map((k) => [k.code, k])),
        `${looked.others ? `<h3>${esc(looked.othersHeading)}</h3>${looked.others}` : ''}${looked.mine}`,
        title,
      )
      return html(reply, 200, page(lang, { title, path: '/me/print', body }))
    })

    /** Posts to the API as the visitor, then back to /me with `done`; a refusal of what was typed shows /me again with it. */
    const act = (
      request: FastifyRequest,
      reply: FastifyReply,
      fields: Record<string, string>,
      url: string,
      json: unknown,
      done: string,
      fieldOf?: (pointer: string) => string | undefined,
    ) => {
      const { csrf, form, ...values } = fields
      return submitForm(root, request, reply, {
        token: csrf,
        url,
        json,
        next: done,
        back: '/me',
        ...(form
          ? {
              again: {
                form,
                values,
                ...(fieldOf ? { fieldOf } : {}),
                show: (state: FormState) => showMe(request, reply, state, 422),
              },
            }
          : {}),
      })
    }
    /**
     * A form's document goes to the API (by default as the subject's evidence; a claimant's to its claim),
     * stored encrypted, once the form's token is checked.
     */
    const uploadEvidence =
      (request: FastifyRequest, url = '/v1/me/evidence') =>
      async (
        file: FormFile,
        fields: Record<string, string>,
      ): Promise<{ documentId: string; documentName: string } | { error: string; status: number }> => {
        if (!formTokenOk(request, fields.csrf)) return { error: t(languageOf(request), 'error'), status: 403 }
        const res = await callApi(root, request, 'POST', `${url}?fileName=${encodeURIComponent(file.name)}`, {
          stream: file.stream,
          contentType: file.mediaType,
        })
        if (res.statusCode !== 201)
          return {
            error: problemText(res.body, languageOf(request)) || t(languageOf(request), 'error'),
            status: res.statusCode,
          }
        return JSON.parse(res.body) as EvidenceDocument
      }
    type Uploaded = Awaited<ReturnType<ReturnType<typeof uploadEvidence>>>
    const evidenceOf = (fields: Record<string, string>, document?: Uploaded) => {
      const description = (fields.evidence ?? '').trim()
      if (!description && !document) return undefined
      const doc = document && 'documentId' in document ? document : undefined
      return [
        { description: description || doc?.documentName || 'document', ...(doc ? { documentId: doc.documentId } : {}) },
      ]
    }
    /** A document the API refused: the form again, with the sentence beside the document field. */
    const refused = (
      request: FastifyRequest,
      reply: FastifyReply,
      fields: Record<string, string>,
      document: Uploaded | undefined,
    ) => {
      if (!document || !('error' in document)) return undefined
      const lang = languageOf(request)
      if (document.status === 403 || !fields.form) return errorPage(reply, lang, document.status, document.error, '/me')
      const { csrf: _csrf, form, ...values } = fields
      return showMe(
        request,
        reply,
        { form, values, errors: { document: document.error }, message: document.error },
        422,
      )
    }

    // a claimant's identity document, to its claim: back to /me with it listed, or the page again with why not
    app.post('/me/claim/document', formRoute, async (request, reply) => {
      const { fields, file: document } = await readForm(request, uploadEvidence(request, '/v1/me/claim/document'))
      const stop = refused(request, reply, fields, document)
      if (stop) return stop
      if (!document) {
        const lang = languageOf(request)
        const { csrf: _csrf, form = 'claim-document', ...values } = fields
        const message = pick(lang, TEXT.chooseAFile)
        return showMe(request, reply, { form, values, errors: { document: message }, message }, 422)
      }
      return reply.redirect('/me?given=1', 303)
    })

    app.post('/me/consents/:consentId/revoke', formRoute, async (request, reply) => {
      const id = (request.params as { consentId: string }).consentId
      const { csrf = '' } = (request.body ?? {}) as Record<string, string>
      return act(request, reply, { csrf }, `/v1/me/consents/${encodeURIComponent(id)}/revoke`, {}, '/me')
    })

    app.post('/me/consents', formRoute, async (request, reply) => {
      const f = (request.body ?? {}) as Record<string, string>
      // the institution and purpose come as one choice: "name|purpose"
      const [relyingParty = '', purpose = ''] = (f.party ?? '').split('|')
      // the day chosen, to its end in China Standard Time
      const expiresAt = /^\d{4}-\d{2}-\d{2}$/.test(f.until ?? '')
        ? new Date(`${f.until}T23:59:59+08:00`).toISOString()
        : (f.until ?? '')
      return act(
        request,
        reply,
        { csrf: f.csrf ?? '', form: 'consent', party: f.party ?? '', until: f.until ?? '' },
        '/v1/me/consents',
        { relyingParty, purpose, expiresAt },
        '/me?granted=1',
        (pointer) => (/expiresAt/.test(pointer) ? 'until' : /relyingParty|purpose/.test(pointer) ? 'party' : undefined),
      )
    })

    app.post('/me/objections', formRoute, async (request, reply) => {
      const { fields, file: document } = await readForm(request, uploadEvidence(request))
      const stop = refused(request, reply, fields, document)
      if (stop) return stop
      const evidence = evidenceOf(fields, document)
      return act(
        request,
        reply,
        fields,
        '/v1/me/objections',
        {
          recordId: fields.recordId ?? '',
          reasons: fields.reasons ?? '',
          ...(fields.statement?.trim() ? { statement: fields.statement.trim() } : {}),
          ...(evidence ? { evidence } : {}),
        },
        `/me?filed=1#record-${encodeURIComponent(fields.recordId ?? '')}`,
      )
    })

    app.post('/me/list-entries/:entryId/objection', formRoute, async (request, reply) => {
      const { fields, file: document } = await readForm(request, uploadEvidence(request))
      const stop = refused(request, reply, fields, document)
      if (stop) return stop
      const evidence = evidenceOf(fields, document)
      const id = encodeURIComponent((request.params as { entryId: string }).entryId)
      return act(
        request,
        reply,
        fields,
        `/v1/me/list-entries/${id}/objection`,
        {
          reasons: fields.reasons ?? '',
          ...(fields.statement?.trim() ? { statement: fields.statement.trim() } : {}),
          ...(evidence ? { evidence } : {}),
        },
        `/me?filed=1#entry-${id}`,
      )
    })

    app.post('/me/repairs', formRoute, async (request, reply) => {
      const { fields, file: document } = await readForm(request, uploadEvidence(request))
      const stop = refused(request, reply, fields, document)
      if (stop) return stop
      const target = fields.listEntryId ? { listEntryId: fields.listEntryId } : { recordId: fields.recordId ?? '' }
      return act(
        request,
        reply,
        fields,
        '/v1/me/repairs',
        { ...target, statement: fields.statement ?? '', evidence: evidenceOf(fields, document) ?? [] },
        '/me?applied=1',
      )
    })
  }
}

/**
 * The consent form: the institution picked by the name people know it by (each once), with the purposes
 * it may be given for under it, in words; the registered name goes with the choice, unseen.
 */
function consentForm(
  lang: Lang,
  csrf: string,
  state: FormState | undefined,
  parties: RelyingParties['relyingParties'],
): string {
  const form = 'consent'
  const offered = parties.filter((p) => p.purposes.length > 0)
  if (offered.length === 0) return `<p class="muted">${esc(pick(lang, TEXT.noInstitutions))}</p>`
  const chosen = state?.form === form ? (state.values.party ?? '') : ''
  const error = state?.form === form ? state.errors.party : undefined
  const id = `${form}-party`
  const options = offered
    .map(
      (p) =>
        `<optgroup label="${esc(p.displayName)}" translate="no">${p.purposes
          .map((x) => {
            const value = `${p.name}|${x.code}`
            return `<option value="${esc(value)}"${value === chosen ? ' selected' : ''}>${esc(`${p.displayName} · ${pick(lang, x.name)}`)}</option>`
          })
          .join('')}</optgroup>`,
    )
    .join('')
  const picker = `<p class="field${error ? ' invalid' : ''}"><label for="${id}">${esc(pick(lang, TEXT.institutionAndPurpose))}</label><small class="muted" id="${id}-hint">${esc(pick(lang, TEXT.institutionHint))}</small><select id="${id}" name="party" required aria-describedby="${id}-hint${error ? ` ${id}-error` : ''}"${error ? ' aria-invalid="true"' : ''}>${options}</select>${error ? `<small class="field-error" id="${id}-error">${esc(error)}</small>` : ''}</p>`
  return `<details${state?.form === form ? ' open' : ''}><summary>${esc(pick(lang, TEXT.letAnInstitutionLook))}</summary>${formAlert(state, form)}<form method="post" action="/me/consents" novalidate>${hidden(csrf, form)}
${picker}
${field(state, form, { name: 'until', label: pick(lang, TEXT.untilTwoYearsAtMost), kind: 'date', required: true })}
<button type="submit">${esc(pick(lang, TEXT.giveConsent))}</button></form></details>`
}
