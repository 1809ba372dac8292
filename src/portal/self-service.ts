/**
 * The subject's pages: sign in, my file (every record, its standing, an objection form on each), who
 * looked, sign out. Forms post to the portal, which calls the API in-process with the visitor's
 * session cookie and the CSRF token the API gave at sign-in (kept in an HTTP-only, same-site cookie
 * and echoed in each form, so a form from elsewhere cannot act: the two must match).
 */
import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type {
  Consents,
  CreditFile,
  EvidenceDocument,
  Inquiries,
  ListEntries,
  Me,
  Notices,
  OwnObjections,
  OwnRepairs,
  Session,
} from './api.ts'
import {
  chinaTime,
  basisLapseText,
  type Lang,
  type Messages,
  pick,
  purposeText,
  standingText,
  statusText,
  t,
} from './i18n.ts'
import { randomToken } from '../platform/crypto.ts'
import { SESSION_COOKIE } from '../platform/http.ts'
import {
  portalBasics,
  callApi,
  cookie,
  CSRF_COOKIE,
  errorPage,
  formRoute,
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
import { noticeWords, type NoticeKind } from '../modules/notices/index.ts'

/** This page's words in both languages (a text missing one does not compile). */
export const TEXT = {
  aChangeToYourCreditFile: { zh: '您的信用档案有变化', en: 'A change to your credit file' },
  aDocumentPdfImageOrText: {
    zh: '证明文件（PDF、图片或文本，10 MB 以内，加密保存）',
    en: 'A document (PDF, image or text, up to 10 MB; stored encrypted)',
  },
  aStatementOptionalShownWithThe: {
    zh: '个人声明（可选，随记录展示）',
    en: 'A statement (optional; shown with the record)',
  },
  applyForRepair: { zh: '申请信用修复', en: 'Apply for repair' },
  howYouHavePutItRight: { zh: '已纠正的情况（必填）', en: 'How you have put it right (required)' },
  apply: { zh: '提交申请', en: 'Apply' },
  signedIn: { zh: '已登录', en: 'Signed in' },
  goToYourPages: { zh: '进入您的页面', en: 'Go to your pages' },
  toSignInAsSomeoneElse: { zh: '如需以其他账户登录，请先退出。', en: 'To sign in as someone else, sign out first.' },
  theSignInFormHadExpired: {
    zh: '登录表单已过期，请重新输入密码。',
    en: 'The sign-in form had expired: please enter your password again.',
  },
  youCouldNotBeSignedOut: { zh: '未能退出，请再试一次。', en: 'You could not be signed out: please try again.' },
  yourRepairApplicationIsInFeedback: {
    zh: '修复申请已提交，10个工作日内反馈。',
    en: 'Your repair application is in: feedback within 10 working days.',
  },
  yourConsentIsRecorded: { zh: '授权已记录。', en: 'Your consent is recorded.' },
  notPublic: { zh: '不公开', en: 'not public' },
  keptUntil: { zh: '保存至', en: 'kept until' },
  countedFromTheEndOfThe: { zh: '行为结束后起算', en: 'counted from the end of the conduct' },
  letAnInstitutionLook: { zh: '授权一家机构查询', en: 'Let an institution look' },
  theInstitutionSRegisteredNameE: {
    zh: '机构的登记名称（如 fujian-bank）',
    en: "The institution's registered name (e.g. fujian-bank)",
  },
  untilTwoYearsAtMost: { zh: '有效至（最长两年）', en: 'Until (two years at most)' },
  giveConsent: { zh: '授权', en: 'Give consent' },
  theSourceIsLate: { zh: '来源逾期未答复', en: 'the source is late' },
  publicUntilKeptUntil: { zh: '公示至 / 保存至', en: 'Public until / kept until' },
  whatICanDo: { zh: '我可以', en: 'What I can do' },
  listEntriesAboutMe: { zh: '关于我的名单条目', en: 'List entries about me' },
  none: { zh: '没有。', en: 'None.' },
  list: { zh: '名单', en: 'List' },
  status: { zh: '状态', en: 'Status' },
  term: { zh: '期限', en: 'Term' },
  objectionWindowEnds: { zh: '异议期至', en: 'Objection window ends' },
  myObjections: { zh: '我的异议', en: 'My objections' },
  filed: { zh: '提出', en: 'Filed' },
  myRepairApplications: { zh: '我的信用修复申请', en: 'My repair applications' },
  applied: { zh: '申请日', en: 'Applied' },
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

/** A notice's kind in words (a kind this release does not know: a general sentence, never the code). */
const noticeText = (lang: Lang, kind: string): string => {
  const words = (noticeWords as Readonly<Record<string, { zh: string; en: string } | undefined>>)[kind as NoticeKind]
  return words ? pick(lang, words) : pick(lang, TEXT.aChangeToYourCreditFile)
}

const html = (reply: FastifyReply, _lang: Lang, status: number, body: string) => sendPrivate(reply, status, body)

/** The evidence fields of a form: a description and, optionally, the document (only its fingerprint is sent on). */
const evidenceFields = (
  lang: Lang,
  id: string,
  required: boolean,
) => `<p><label for="evidence-${id}">${esc(pick(lang, TEXT.evidence(required)))}</label><br><input id="evidence-${id}" name="evidence" maxlength="1000" size="30"${required ? ' required' : ''}></p>
<p><label for="document-${id}">${esc(pick(lang, TEXT.aDocumentPdfImageOrText))}</label><br><input id="document-${id}" name="document" type="file" accept=".pdf,.png,.jpg,.jpeg,.txt,application/pdf,image/png,image/jpeg,text/plain"></p>`

function objectionForm(lang: Lang, csrf: string, action: string, recordId: string | null, what: string): string {
  const id = (recordId ?? action).replace(/[^a-z0-9]/gi, '').slice(-12)
  return `<details><summary>${esc(t(lang, 'objectTo'))}<span class="sr-only">: ${esc(what)}</span></summary><form method="post" action="${esc(action)}" enctype="multipart/form-data"><input type="hidden" name="csrf" value="${esc(csrf)}">${recordId ? `<input type="hidden" name="recordId" value="${esc(recordId)}">` : ''}
<p><label for="reasons-${id}">${esc(t(lang, 'reasons'))}</label><br><textarea id="reasons-${id}" name="reasons" required maxlength="4000" rows="3" cols="30"></textarea></p>
<p><label for="statement-${id}">${esc(pick(lang, TEXT.aStatementOptionalShownWithThe))}</label><br><textarea id="statement-${id}" name="statement" maxlength="1000" rows="2" cols="30"></textarea></p>
${evidenceFields(lang, `o${id}`, false)}<button type="submit">${esc(t(lang, 'objectTo'))}</button></form></details>`
}

function repairForm(
  lang: Lang,
  csrf: string,
  target: { recordId: string } | { listEntryId: string },
  what: string,
): string {
  const [name, value] = 'recordId' in target ? ['recordId', target.recordId] : ['listEntryId', target.listEntryId]
  const id = value.replace(/[^a-z0-9]/gi, '').slice(-12)
  return `<details><summary>${esc(pick(lang, TEXT.applyForRepair))}<span class="sr-only">: ${esc(what)}</span></summary><form method="post" action="/me/repairs" enctype="multipart/form-data"><input type="hidden" name="csrf" value="${esc(csrf)}"><input type="hidden" name="${name}" value="${esc(value)}">
<p><label for="repair-${id}">${esc(pick(lang, TEXT.howYouHavePutItRight))}</label><br><textarea id="repair-${id}" name="statement" required maxlength="4000" rows="3" cols="30"></textarea></p>
${evidenceFields(lang, `r${id}`, true)}<button type="submit">${esc(pick(lang, TEXT.apply))}</button></form></details>`
}

export function selfServiceRoutes(root: Root): FastifyPluginAsync {
  return async (app) => {
    portalBasics(app)
    await app.register(multipart, { limits: { files: 1, fields: 8, fileSize: 20 * 1024 * 1024 } })

    // login CSRF: the sign-in form carries a token of its own, set with it in a same-site cookie; a form
    // posted from another site has neither, and cannot sign the visitor in to someone else's account
    const issueSignInToken = (reply: FastifyReply): string => {
      const token = randomToken(16)
      reply.header('set-cookie', `${SIGNIN_COOKIE}=${token}; Path=/signin; HttpOnly; SameSite=Strict`)
      return token
    }
    const signInPage = (lang: Lang, token: string, message = '', username = '') =>
      page(lang, {
        title: t(lang, 'navSignIn'),
        path: '/signin',
        body: `<h1>${esc(t(lang, 'navSignIn'))}</h1>${message ? `<p role="alert" class="badge">${esc(message)}</p>` : ''}
<form method="post" action="/signin"><input type="hidden" name="signin" value="${esc(token)}"><p><label for="username">${esc(t(lang, 'username'))}</label><br><input id="username" name="username" value="${esc(username)}" autocomplete="username" required maxlength="64"></p>
<p><label for="password">${esc(t(lang, 'password'))}</label><br><input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256"></p>
<button type="submit">${esc(t(lang, 'navSignIn'))}</button></form>`,
      })
    // who is signed in on this browser, if anyone (any role)
    const signedIn = async (request: FastifyRequest): Promise<Me | null> => {
      if (!cookie(request, SESSION_COOKIE)) return null
      const res = await callApi(root, request, 'GET', '/v1/me')
      return res.statusCode === 200 ? (JSON.parse(res.body) as Me) : null
    }
    const signedInPage = (lang: Lang, request: FastifyRequest, me: Me) =>
      page(lang, {
        title: pick(lang, TEXT.signedIn),
        path: '/signout',
        body: `<h1>${esc(pick(lang, TEXT.signedIn))}</h1><p>${esc(pick(lang, TEXT.signedInAs(me.name)))}${CONSOLES[me.role] ? ` <a href="${CONSOLES[me.role]}">${esc(pick(lang, TEXT.goToYourPages))}</a>` : ''}</p>
<form method="post" action="/signout"><input type="hidden" name="csrf" value="${esc(cookie(request, CSRF_COOKIE) ?? '')}"><button type="submit">${esc(t(lang, 'signOut'))}</button></form>
<p class="muted">${esc(pick(lang, TEXT.toSignInAsSomeoneElse))}</p>`,
      })

    app.get('/signin', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const me = await signedIn(request)
      return html(reply, lang, 200, me ? signedInPage(lang, request, me) : signInPage(lang, issueSignInToken(reply)))
    })

    // a form route: a signed-in visitor posting it gets a page, not the API's refusal of a request without its CSRF header
    app.post('/signin', formRoute, async (request, reply) => {
      const lang = languageOf(request)
      const form = (request.body ?? {}) as Record<string, string>
      const username = form.username ?? ''
      const me = await signedIn(request)
      if (me) return html(reply, lang, 409, signedInPage(lang, request, me))
      const token = cookie(request, SIGNIN_COOKIE)
      if (!token || form.signin !== token)
        return html(
          reply,
          lang,
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
          lang,
          429,
          signInPage(lang, issueSignInToken(reply), pick(lang, TEXT.tooManyAttempts(wait)), username),
        )
      }
      if (res.statusCode !== 200)
        return html(reply, lang, 401, signInPage(lang, issueSignInToken(reply), t(lang, 'signInFailed'), username))
      const { csrfToken, role } = JSON.parse(res.body) as Session
      const session = ([] as string[]).concat(res.headers['set-cookie'] ?? [])
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
      return me ? html(reply, lang, 200, signedInPage(lang, request, me)) : reply.redirect('/signin', 303)
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

    app.get('/me', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const urls = [
        '/v1/me/file?history=false',
        '/v1/me/inquiries',
        '/v1/me/consents',
        '/v1/me/notices',
        '/v1/me/list-entries',
        '/v1/me/repairs',
        '/v1/me/objections',
      ]
      const [file, looks, consentsRes, noticesRes, entriesRes, repairsRes, objectionsRes] = await Promise.all(
        urls.map((url) => callApi(root, request, 'GET', url)),
      )
      if (!file || !looks || !consentsRes || !noticesRes || !entriesRes || !repairsRes || !objectionsRes)
        throw new Error('unreachable')
      if (file.statusCode === 401 || file.statusCode === 403) return reply.redirect('/signin', 303)
      if (file.statusCode !== 200)
        return html(
          reply,
          lang,
          file.statusCode,
          page(lang, {
            title: t(lang, 'mineTitle'),
            path: '/me',
            body: `<h1>${esc(t(lang, 'mineTitle'))}</h1><p>${esc(t(lang, 'error'))}</p>`,
          }),
        )
      const ok = <T>(res: { statusCode: number; body: string }, empty: T): T =>
        res.statusCode === 200 ? (JSON.parse(res.body) as T) : empty
      const data = JSON.parse(file.body) as CreditFile
      const records = data.categories.flatMap((c) => c.records)
      const entries = ok<ListEntries>(entriesRes, { entries: [] }).entries
      const repairs = ok<OwnRepairs>(repairsRes, { applications: [] }).applications
      const csrf = cookie(request, CSRF_COOKIE) ?? ''
      const query = request.query as Record<string, unknown>
      const done = query.filed
        ? t(lang, 'objectionFiled')
        : query.applied
          ? pick(lang, TEXT.yourRepairApplicationIsInFeedback)
          : query.granted
            ? pick(lang, TEXT.yourConsentIsRecorded)
            : ''
      const status = done ? `<p role="status"><strong>${esc(done)}</strong></p>` : ''
      const rows = records.map((r) => [
        `<span${r.polarity === 'negative' ? ' class="negative"' : ''} id="record-${esc(r.recordId)}">${esc(pick(lang, r.kindName))}</span>`,
        esc(r.decidedOn),
        esc(r.source.displayName),
        `${esc(r.publicUntil ?? pick(lang, TEXT.notPublic))}<br><span class="muted">${esc(pick(lang, TEXT.keptUntil))} ${esc(r.keptUntil ?? pick(lang, TEXT.countedFromTheEndOfThe))}</span>`,
        `${esc(standingText(lang, r.standing))}${r.objection ? ` <span class="muted">(${esc(t(lang, 'objectionDue'))} ${esc(r.objection.dueOn)})</span>` : ''}`,
        r.standing === 'current'
          ? objectionForm(lang, csrf, '/me/objections', r.recordId, pick(lang, r.kindName)) +
            (r.polarity === 'negative' ? repairForm(lang, csrf, { recordId: r.recordId }, pick(lang, r.kindName)) : '')
          : '',
      ])
      const entryRows = entries.map((e) => [
        esc(pick(lang, e.listName)),
        esc(statusText(lang, e.status)),
        esc(`${e.startsOn ?? '—'} – ${e.endsOn ?? '—'}`),
        esc(e.objectionWindowEndsOn ?? '—'),
        ['noticed', 'active'].includes(e.status)
          ? objectionForm(lang, csrf, `/me/list-entries/${e.entryId}/objection`, null, pick(lang, e.listName)) +
            (e.inForce ? repairForm(lang, csrf, { listEntryId: e.entryId }, pick(lang, e.listName)) : '')
          : '',
      ])
      const inquiries = ok<Inquiries>(looks, [])
      const consents = ok<Consents>(consentsRes, [])
      const notices = ok<Notices>(noticesRes, { notices: [] }).notices
      const consentRows = consents.map((c) => [
        esc(c.relyingParty),
        esc(purposeText(lang, c.purpose)),
        esc(c.expiresAt.slice(0, 10)),
        c.revokedAt
          ? esc(t(lang, 'revoked'))
          : `<form method="post" action="/me/consents/${esc(c.consentId)}/revoke"><input type="hidden" name="csrf" value="${esc(csrf)}"><button type="submit" aria-label="${esc(`${t(lang, 'revoke')}: ${c.relyingParty}`)}">${esc(t(lang, 'revoke'))}</button></form>`,
      ])
      const grant = `<details><summary>${esc(pick(lang, TEXT.letAnInstitutionLook))}</summary><form method="post" action="/me/consents"><input type="hidden" name="csrf" value="${esc(csrf)}">
<p><label for="consent-party">${esc(pick(lang, TEXT.theInstitutionSRegisteredNameE))}</label><br><input id="consent-party" name="relyingParty" required maxlength="100"></p>
<p><label for="consent-purpose">${esc(t(lang, 'purpose'))}</label><br><select id="consent-purpose" name="purpose">${['credit_application', 'account_review'].map((p) => `<option value="${p}">${esc(purposeText(lang, p))}</option>`).join('')}</select></p>
<p><label for="consent-until">${esc(pick(lang, TEXT.untilTwoYearsAtMost))}</label><br><input id="consent-until" name="until" type="date" required></p>
<button type="submit">${esc(pick(lang, TEXT.giveConsent))}</button></form></details>`
      const objections = ok<OwnObjections>(objectionsRes, { objections: [] }).objections
      const objectionRows = objections.map((o) => [
        esc(o.target.kind ?? o.target.type),
        esc(o.filedAt.slice(0, 10)),
        `${esc(statusText(lang, o.status))}${o.overdue ? ` <span class="badge">${esc(pick(lang, TEXT.theSourceIsLate))}</span>` : ''}`,
        esc(o.dueOn),
      ])
      const repairRows = repairs.map((a) => [
        esc(a.target.kind),
        esc(statusText(lang, a.status)),
        esc(a.appliedOn),
        esc(a.status === 'submitted' ? a.feedbackDueOn : (a.decisionDueOn ?? '—')),
        esc(a.decisionReasons ?? a.feedback ?? ''),
      ])
      const none = (text: string) => `<p>${esc(text)}</p>`
      const body = `<h1>${esc(t(lang, 'mineTitle'))}: ${esc(data.subject.name)}</h1><p>${esc(t(lang, 'mineIntro'))} <a href="/v1/me/export?format=html">${esc(t(lang, 'printable'))}</a> · <a href="/v1/me/export">${esc(t(lang, 'download'))}</a></p>${status}
<form method="post" action="/signout"><input type="hidden" name="csrf" value="${esc(csrf)}"><button type="submit">${esc(t(lang, 'signOut'))}</button></form>
<h2>${esc(t(lang, 'records'))}</h2>${records.length === 0 ? none(t(lang, 'noRecords')) : table([t(lang, 'kind'), t(lang, 'decidedOn'), t(lang, 'source'), pick(lang, TEXT.publicUntilKeptUntil), t(lang, 'standing'), pick(lang, TEXT.whatICanDo)], rows)}
<h2>${esc(pick(lang, TEXT.listEntriesAboutMe))}</h2>${entries.length === 0 ? none(pick(lang, TEXT.none)) : table([pick(lang, TEXT.list), pick(lang, TEXT.status), pick(lang, TEXT.term), pick(lang, TEXT.objectionWindowEnds), pick(lang, TEXT.whatICanDo)], entryRows)}
<h2>${esc(t(lang, 'whoLooked'))}</h2>${
        inquiries.length === 0
          ? none(t(lang, 'noInquiries'))
          : table(
              [t(lang, 'when'), t(lang, 'who'), t(lang, 'purpose')],
              inquiries.map((i) => [esc(chinaTime(lang, i.at)), esc(i.by), esc(purposeText(lang, i.purpose))]),
            )
      }
<h2>${esc(t(lang, 'consents'))}</h2>${consents.length === 0 ? none(t(lang, 'noConsents')) : table([t(lang, 'who'), t(lang, 'purpose'), t(lang, 'until'), t(lang, 'revoke')], consentRows)}${grant}
<h2>${esc(pick(lang, TEXT.myObjections))}</h2>${objections.length === 0 ? none(pick(lang, TEXT.none)) : table([t(lang, 'kind'), pick(lang, TEXT.filed), pick(lang, TEXT.status), t(lang, 'objectionDue')], objectionRows)}
<h2>${esc(pick(lang, TEXT.myRepairApplications))}</h2>${repairs.length === 0 ? none(pick(lang, TEXT.none)) : table([t(lang, 'kind'), pick(lang, TEXT.status), pick(lang, TEXT.applied), pick(lang, TEXT.nextDeadline), pick(lang, TEXT.answer)], repairRows)}
<h2>${esc(t(lang, 'notices'))}</h2>${
        notices.length === 0
          ? none(t(lang, 'noNotices'))
          : `<ul>${notices
              .map(
                (n) =>
                  `<li>${esc(n.createdAt.slice(0, 10))} · <strong>${esc(noticeText(lang, n.kind))}</strong>${[
                    'meanwhile',
                    'reasons',
                    'explanation',
                    'howToObject',
                    'howToAppeal',
                  ]
                    .filter((k) => typeof n.body[k] === 'string')
                    .map((k) => ` — ${esc(n.body[k])}`)
                    .join(
                      '',
                    )}${basisLapseText(lang, n.body.reason) ? ` — ${esc(basisLapseText(lang, n.body.reason))}` : ''}</li>`,
              )
              .join('')}</ul>`
      }`
      return html(reply, lang, 200, page(lang, { title: t(lang, 'mineTitle'), path: '/me', body }))
    })

    /** Posts to the API as the visitor, then back to /me with `done`, or an error page naming the field. */
    const act = (
      request: FastifyRequest,
      reply: FastifyReply,
      token: string | undefined,
      url: string,
      json: unknown,
      done: string,
    ) => submitForm(root, request, reply, { token, url, json, next: done, back: '/me' })
    /** A form's document goes to the API as the subject's evidence (stored encrypted) once the form's token is checked. */
    const uploadEvidence =
      (request: FastifyRequest) =>
      async (
        file: FormFile,
        fields: Record<string, string>,
      ): Promise<{ documentId: string; documentName: string } | { error: string; status: number }> => {
        if (!formTokenOk(request, fields.csrf)) return { error: t(languageOf(request), 'error'), status: 403 }
        const res = await callApi(root, request, 'POST', `/v1/me/evidence?fileName=${encodeURIComponent(file.name)}`, {
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
    const refused = (request: FastifyRequest, reply: FastifyReply, document: Uploaded | undefined) =>
      document && 'error' in document
        ? errorPage(reply, languageOf(request), document.status, document.error, '/me')
        : undefined

    app.post('/me/consents/:consentId/revoke', formRoute, async (request, reply) => {
      const id = (request.params as { consentId: string }).consentId
      return act(
        request,
        reply,
        ((request.body ?? {}) as Record<string, string>).csrf,
        `/v1/me/consents/${encodeURIComponent(id)}/revoke`,
        {},
        '/me',
      )
    })

    app.post('/me/consents', formRoute, async (request, reply) => {
      const f = (request.body ?? {}) as Record<string, string>
      // the day chosen, to its end in China Standard Time
      const expiresAt = /^\d{4}-\d{2}-\d{2}$/.test(f.until ?? '')
        ? new Date(`${f.until}T23:59:59+08:00`).toISOString()
        : (f.until ?? '')
      return act(
        request,
        reply,
        f.csrf,
        '/v1/me/consents',
        { relyingParty: (f.relyingParty ?? '').trim(), purpose: f.purpose ?? '', expiresAt },
        '/me?granted=1',
      )
    })

    app.post('/me/objections', formRoute, async (request, reply) => {
      const { fields, file: document } = await readForm(request, uploadEvidence(request))
      const stop = refused(request, reply, document)
      if (stop) return stop
      const evidence = evidenceOf(fields, document)
      return act(
        request,
        reply,
        fields.csrf,
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
      const stop = refused(request, reply, document)
      if (stop) return stop
      const evidence = evidenceOf(fields, document)
      const id = encodeURIComponent((request.params as { entryId: string }).entryId)
      return act(
        request,
        reply,
        fields.csrf,
        `/v1/me/list-entries/${id}/objection`,
        {
          reasons: fields.reasons ?? '',
          ...(fields.statement?.trim() ? { statement: fields.statement.trim() } : {}),
          ...(evidence ? { evidence } : {}),
        },
        '/me?filed=1',
      )
    })

    app.post('/me/repairs', formRoute, async (request, reply) => {
      const { fields, file: document } = await readForm(request, uploadEvidence(request))
      const stop = refused(request, reply, document)
      if (stop) return stop
      const target = fields.listEntryId ? { listEntryId: fields.listEntryId } : { recordId: fields.recordId ?? '' }
      return act(
        request,
        reply,
        fields.csrf,
        '/v1/me/repairs',
        { ...target, statement: fields.statement ?? '', evidence: evidenceOf(fields, document) ?? [] },
        '/me?applied=1',
      )
    })
  }
}
