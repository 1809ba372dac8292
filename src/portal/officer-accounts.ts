/**
 * The officer console, accounts: claims awaiting verification and, per subject, every account that
 * claims it. Verifying an account for a subject that has a verified account already is answered by
 * the API with a warning; the page says so in words and asks for a confirmation with a reason, which
 * the subject is told. All through the API.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Claim, PendingAccounts, Problem, SubjectAccounts } from './api.ts'
import { claimRefusalReasons, claimRefusalWords } from '../modules/access/index.ts'
import { chinaDay, type Lang, type Messages, pick, t } from './i18n.ts'
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
  sendPrivate,
} from './http.ts'
import { esc, page, table } from './layout.ts'
import { officerNav, subjectTypeText } from './officer.ts'
import { notOfficer, scrolling } from './officer-console.ts'

/** This page's words in both languages (a text missing one does not compile). */
export const TEXT = {
  username: { zh: '用户名', en: 'Username' },
  displayName: { zh: '显示名称', en: 'Display name' },
  claimed: { zh: '申请日', en: 'Claimed' },
  status: { zh: '状态', en: 'Status' },
  verified: { zh: '核验', en: 'Verified' },
  thisClaim: { zh: '本次申请', en: 'this claim' },
  awaitingVerification: { zh: '待核验', en: 'awaiting verification' },
  confirmBeforeVerifying: { zh: '核验前请确认', en: 'Confirm before verifying' },
  verifyingAnotherMeansOneMoreAccount: {
    zh: '。再核验一个账户，意味着多一个人可以查看此人的全部信用档案。请核实此申请确由本人提出（例如本人到场、原账户无法使用），并写明理由：理由会告知此人，已有账户的持有人也会收到通知。',
    en: ". Verifying another means one more account can see this person's whole credit file. Check that the person asked for it themselves (in person, say, because the first account cannot be used) and give your reason: the person is told it, and the holder of the existing account gets a notice.",
  },
  reasonRequiredToldToThePerson: { zh: '理由（必填，告知当事人）', en: 'Reason (required; told to the person)' },
  confirmVerifyAnotherAccount: { zh: '确认核验另一个账户', en: 'Confirm: verify another account' },
  doNotVerifyBackToThe: { zh: '不核验，返回列表', en: 'Do not verify; back to the list' },
  noneWord: { zh: '没有', en: 'none' },
  allThisPersonSAccounts: { zh: '此人的全部账户', en: "All this person's accounts" },
  verify: { zh: '核验', en: 'Verify' },
  documentsCheckedVerify: { zh: '已核对身份证件，核验', en: 'Documents checked: verify' },
  accountsAwaitingVerification: { zh: '待核验的账户', en: 'Accounts awaiting verification' },
  checkTheClaimantSIdentityDocuments: {
    zh: '核对申请人的身份证件后再核验：核验后该账户可以查看此人的信用档案。',
    en: "Check the claimant's identity documents first: once verified, the account sees the person's credit file.",
  },
  none: { zh: '没有。', en: 'None.' },
  verifiedAccounts: { zh: '已核验的账户', en: 'Verified accounts' },
  accounts: { zh: '账户', en: 'Accounts' },
  accountVerification: { zh: '账户核验', en: 'Accounts' },
  thisPersonSAccounts: { zh: '此人的账户', en: "This person's accounts" },
  backToTheList: { zh: '返回列表', en: 'Back to the list' },
  claims: { zh: '申请认领的主体', en: 'Claims to be' },
  notOnFile: {
    zh: '平台尚无该证件号码的记录（号码本身不保存），请当面核对证件。',
    en: 'No record names this identifier yet (the number itself is not kept): check the documents in person.',
  },
  evidenceInPerson: {
    zh: '申请人可以通过平台提交证件，见每个申请的“证件与决定”；没有提交的，核验须当面查看身份证件原件。',
    en: 'Claimants may give their documents through the platform (see "Documents and decision" on each claim); without them, verifying means seeing the original documents in person.',
  },
  giveYourReason: { zh: '请写明理由。', en: 'Give your reason.' },
  thereIsNoSuchAccountAwaiting: { zh: '没有这个待核验的账户。', en: 'There is no such account awaiting verification.' },
  openTheClaim: { zh: '证件与决定', en: 'Documents and decision' },
  claimOf: { zh: '认领申请', en: 'A claim' },
  claimant: { zh: '申请人', en: 'Claimant' },
  documentsGiven: { zh: '申请人提交的证件', en: 'Documents the claimant gave' },
  noDocuments: {
    zh: '申请人未通过平台提交证件：核验须当面查看身份证件原件。',
    en: 'The claimant gave no documents through the platform: verifying means seeing the original documents in person.',
  },
  eachOpenIsRecorded: {
    zh: '每打开一次都会记录，此人在“谁查询过我”中可以看到。',
    en: 'Each time you open one is recorded, and the person sees it among who looked.',
  },
  givenOn: (day: string) => ({ zh: `${day}提交`, en: `given on ${day}` }),
  refuse: { zh: '驳回申请', en: 'Refuse the claim' },
  refuseReason: {
    zh: '理由（按原文告知申请人）',
    en: 'Reason (the claimant is told it in these words)',
  },
  refuseNote: {
    zh: '补充说明（可选，告知申请人；不要写证件号码）',
    en: 'Your own words (optional; told to the claimant; no identity numbers)',
  },
  refuseSend: { zh: '驳回', en: 'Refuse' },
  chooseAReason: { zh: '请选择一个理由。', en: 'Choose a reason.' },
  refusedDone: { zh: '申请已驳回，申请人已被告知理由。', en: 'The claim is refused; the claimant is told why.' },
  alreadyDecided: {
    zh: '这个申请已经核验或驳回：一个申请只作一次决定。',
    en: 'This claim was verified or refused already: a claim is decided once.',
  },
  statusAwaiting: { zh: '待核验', en: 'Awaiting verification' },
  statusVerified: (day: string) => ({ zh: `已于${day}核验`, en: `Verified on ${day}` }),
  statusRefused: (day: string) => ({ zh: `已于${day}驳回`, en: `Refused on ${day}` }),
  verifiedAlready: (n: number) => ({
    zh: `此人已有 ${n} 个已核验的账户`,
    en: n === 1 ? 'This person has a verified account already' : `This person has ${n} verified accounts already`,
  }),
} satisfies Messages

type Root = () => FastifyInstance

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const day = (iso: string) => chinaDay(iso)

const alreadyWords = (lang: Lang, n: number) => pick(lang, TEXT.verifiedAlready(n))

function accountsTable(lang: Lang, accounts: SubjectAccounts['accounts'], highlight?: string): string {
  return scrolling(pick(lang, TEXT.accounts), accountsGrid(lang, accounts, highlight))
}

function accountsGrid(lang: Lang, accounts: SubjectAccounts['accounts'], highlight?: string): string {
  return table(
    [pick(lang, TEXT.username), pick(lang, TEXT.displayName), pick(lang, TEXT.claimed), pick(lang, TEXT.verified)],
    accounts.map((a) => [
      `<span translate="no">${esc(a.username)}</span>${a.accountId === highlight ? ` <span class="badge">${esc(pick(lang, TEXT.thisClaim))}</span>` : ''}`,
      `<span translate="no">${esc(a.displayName)}</span>`,
      esc(day(a.claimedAt)),
      esc(
        a.verifiedAt
          ? day(a.verifiedAt)
          : a.refusedAt
            ? pick(lang, TEXT.statusRefused(day(a.refusedAt)))
            : pick(lang, TEXT.awaitingVerification),
      ),
    ]),
  )
}

export function officerAccountsRoutes(root: Root): FastifyPluginAsync {
  return async (app) => {
    portalBasics(app)
    const show = (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      title: string,
      path: string,
      body: string,
    ) =>
      sendPrivate(
        reply,
        status,
        page(languageOf(request), { title, path, body: officerNav(languageOf(request), '/officer/accounts') + body }),
      )

    /** The warning and the confirmation form, with what the officer typed kept and the problem, if any, said in words. */
    const confirmPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      accountId: string,
      subjectId: string,
      reason: string,
      problem?: string,
    ) => {
      const lang = languageOf(request)
      const res = UUID.test(subjectId)
        ? await callApi(root, request, 'GET', `/v1/subjects/${subjectId}/accounts`)
        : undefined
      const accounts = res?.statusCode === 200 ? (JSON.parse(res.body) as SubjectAccounts).accounts : []
      const verified = accounts.filter((a) => a.verifiedAt !== null).length
      const csrf = esc(cookie(request, CSRF_COOKIE) ?? '')
      const body = `<h1>${esc(pick(lang, TEXT.confirmBeforeVerifying))}</h1>
<p role="alert"><strong>${esc(alreadyWords(lang, Math.max(1, verified)))}</strong>${esc(pick(lang, TEXT.verifyingAnotherMeansOneMoreAccount))}</p>
${accountsTable(lang, accounts, accountId)}
${problem ? `<p role="alert" class="badge">${esc(problem)}</p>` : ''}
<form method="post" action="/officer/accounts/${esc(accountId)}/verify"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="subject" value="${esc(subjectId)}"><input type="hidden" name="confirm" value="yes">
<p><label for="confirm-reason">${esc(pick(lang, TEXT.reasonRequiredToldToThePerson))}</label><br><textarea id="confirm-reason" name="reason" required maxlength="2000" rows="3" translate="no">${esc(reason)}</textarea></p>
<button type="submit">${esc(pick(lang, TEXT.confirmVerifyAnotherAccount))}</button></form>
<p><a href="/officer/accounts">${esc(pick(lang, TEXT.doNotVerifyBackToThe))}</a></p>`
      return show(
        request,
        reply,
        status,
        pick(lang, TEXT.confirmBeforeVerifying),
        `/officer/accounts/${encodeURIComponent(accountId)}/verify`,
        body,
      )
    }

    app.get('/officer/accounts', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const res = await callApi(root, request, 'GET', '/v1/accounts/pending')
      {
        const refused = notOfficer(reply, languageOf(request), res.statusCode)
        if (refused) return refused
      }
      if (res.statusCode !== 200)
        return errorPage(
          reply,
          lang,
          res.statusCode,
          t(lang, 'error'),
          '/officer/accounts',
          officerNav(lang, '/officer/accounts'),
        )
      const pending = JSON.parse(res.body) as PendingAccounts
      const csrf = esc(cookie(request, CSRF_COOKIE) ?? '')
      const rows = pending.map((p) => [
        `<span translate="no" id="claim-${esc(p.accountId)}">${esc(p.username)}</span>`,
        `<span translate="no">${esc(p.displayName)}</span>`,
        p.subject
          ? `<span translate="no">${esc(p.subject.name)}</span><br><small>${esc(subjectTypeText(lang, p.subject.subjectType))} · <span translate="no">${esc(p.subject.uscc ?? p.subject.residentIdMasked ?? '')}</span></small>`
          : `<small>${esc(pick(lang, TEXT.notOnFile))}</small>`,
        esc(day(p.claimedAt)),
        p.verifiedAlready > 0
          ? `<span class="badge">${esc(alreadyWords(lang, p.verifiedAlready))}</span>`
          : esc(pick(lang, TEXT.noneWord)),
        `<a href="/officer/accounts/subject/${esc(p.subjectId)}">${esc(pick(lang, TEXT.allThisPersonSAccounts))}</a><br><a href="/officer/accounts/${esc(p.accountId)}" aria-describedby="claim-${esc(p.accountId)}">${esc(pick(lang, TEXT.openTheClaim))}</a>`,
        `<form method="post" action="/officer/accounts/${esc(p.accountId)}/verify"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="subject" value="${esc(p.subjectId)}"><button type="submit" aria-describedby="claim-${esc(p.accountId)}">${esc(pick(lang, TEXT.documentsCheckedVerify))}</button></form>`,
      ])
      const done = (request.query as Record<string, unknown>).refused
        ? `<p role="status">${esc(pick(lang, TEXT.refusedDone))}</p>`
        : ''
      const body = `<h1>${esc(pick(lang, TEXT.accountsAwaitingVerification))}</h1>${done}
<p>${esc(pick(lang, TEXT.checkTheClaimantSIdentityDocuments))}</p><p class="muted">${esc(pick(lang, TEXT.evidenceInPerson))}</p>
${pending.length === 0 ? `<p>${esc(pick(lang, TEXT.none))}</p>` : `<div class="scroll" tabindex="0" role="region" aria-label="${esc(pick(lang, TEXT.accountsAwaitingVerification))}">${table([pick(lang, TEXT.username), pick(lang, TEXT.displayName), pick(lang, TEXT.claims), pick(lang, TEXT.claimed), pick(lang, TEXT.verifiedAccounts), pick(lang, TEXT.accounts), pick(lang, TEXT.verify)], rows)}</div>`}`
      return show(request, reply, 200, pick(lang, TEXT.accountVerification), '/officer/accounts', body)
    })

    /** A decision's posted form: its words, or the error page when its token or its account id is wrong. */
    const decisionForm = (request: FastifyRequest, reply: FastifyReply) => {
      const lang = languageOf(request)
      const accountId = (request.params as { accountId: string }).accountId
      const fields = (request.body ?? {}) as Record<string, string>
      const back = '/officer/accounts'
      const refused = !formTokenOk(request, fields.csrf)
        ? errorPage(reply, lang, 403, t(lang, 'error'), back, officerNav(lang, back))
        : !UUID.test(accountId)
          ? errorPage(reply, lang, 404, t(lang, 'notFound'), back, officerNav(lang, back))
          : undefined
      return { lang, accountId, fields, back, refused }
    }

    /** One claim: the claimant, the subject claimed, the warning, the documents, and the two decisions while it awaits one. */
    const claimPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      accountId: string,
      again?: { status: number; reason: string; note: string; problem: string },
    ) => {
      const lang = languageOf(request)
      const back = '/officer/accounts'
      if (!UUID.test(accountId)) return errorPage(reply, lang, 404, t(lang, 'notFound'), back, officerNav(lang, back))
      const res = await callApi(root, request, 'GET', `/v1/accounts/${accountId}`)
      {
        const refused = notOfficer(reply, lang, res.statusCode)
        if (refused) return refused
      }
      if (res.statusCode !== 200)
        return errorPage(
          reply,
          lang,
          res.statusCode,
          res.statusCode === 404 ? pick(lang, TEXT.thereIsNoSuchAccountAwaiting) : t(lang, 'error'),
          back,
          officerNav(lang, back),
        )
      const c = JSON.parse(res.body) as Claim
      const csrf = esc(cookie(request, CSRF_COOKIE) ?? '')
      const status =
        c.status === 'verified' && c.verifiedAt
          ? pick(lang, TEXT.statusVerified(day(c.verifiedAt)))
          : c.status === 'refused' && c.refusal
            ? `${pick(lang, TEXT.statusRefused(day(c.refusal.refusedAt)))}: ${pick(lang, c.refusal.reasonText)}`
            : pick(lang, TEXT.statusAwaiting)
      const facts = [
        [
          pick(lang, TEXT.claimant),
          `<span translate="no">${esc(c.displayName)}</span> (<span translate="no">${esc(c.username)}</span>)`,
        ],
        [
          pick(lang, TEXT.claims),
          c.subject
            ? `<span translate="no">${esc(c.subject.name)}</span> · ${esc(subjectTypeText(lang, c.subject.subjectType))} · <span translate="no">${esc(c.subject.uscc ?? c.subject.residentIdMasked ?? '')}</span>`
            : esc(pick(lang, TEXT.notOnFile)),
        ],
        [pick(lang, TEXT.claimed), esc(day(c.claimedAt))],
        [pick(lang, TEXT.status), esc(status)],
      ]
      const documents =
        c.documents.length === 0
          ? `<p>${esc(pick(lang, TEXT.noDocuments))}</p>`
          : `<p class="muted">${esc(pick(lang, TEXT.eachOpenIsRecorded))}</p><ul>${c.documents
              .map(
                (d) =>
                  `<li><a href="/officer/evidence/${esc(c.subjectId)}/${esc(d.documentId)}" translate="no">${esc(d.documentName)}</a> · ${esc(pick(lang, TEXT.givenOn(day(d.uploadedAt))))}</li>`,
              )
              .join('')}</ul>`
      const reasons = claimRefusalReasons
        .map(
          (r) =>
            `<option value="${r}"${again?.reason === r ? ' selected' : ''}>${esc(pick(lang, claimRefusalWords[r]))}</option>`,
        )
        .join('')
      const decisions =
        c.status !== 'awaiting'
          ? ''
          : `<h2>${esc(pick(lang, TEXT.verify))}</h2>
<form method="post" action="/officer/accounts/${esc(c.accountId)}/verify"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="subject" value="${esc(c.subjectId)}"><button type="submit">${esc(pick(lang, TEXT.documentsCheckedVerify))}</button></form>
<h2>${esc(pick(lang, TEXT.refuse))}</h2>${again ? `<p class="form-error" role="alert">${esc(again.problem)}</p>` : ''}
<form method="post" action="/officer/accounts/${esc(c.accountId)}/refuse"><input type="hidden" name="csrf" value="${csrf}">
<p class="field"><label for="refuse-reason">${esc(pick(lang, TEXT.refuseReason))}</label><select id="refuse-reason" name="reason" required><option value=""></option>${reasons}</select></p>
<p class="field"><label for="refuse-note">${esc(pick(lang, TEXT.refuseNote))}</label><textarea id="refuse-note" name="note" maxlength="1000" rows="3" translate="no">${esc(again?.note ?? '')}</textarea></p>
<button type="submit">${esc(pick(lang, TEXT.refuseSend))}</button></form>`
      const body = `<h1>${esc(pick(lang, TEXT.claimOf))}</h1>
${c.verifiedAlready > 0 ? `<p role="alert"><strong>${esc(alreadyWords(lang, c.verifiedAlready))}</strong>${esc(pick(lang, TEXT.verifyingAnotherMeansOneMoreAccount))}</p>` : ''}
<dl class="facts">${facts.map(([k, v]) => `<dt>${esc(k ?? '')}</dt><dd>${v}</dd>`).join('')}</dl>
<h2>${esc(pick(lang, TEXT.documentsGiven))}</h2>${documents}${decisions}
<p><a href="/officer/accounts/subject/${esc(c.subjectId)}">${esc(pick(lang, TEXT.allThisPersonSAccounts))}</a> · <a href="${back}">${esc(pick(lang, TEXT.backToTheList))}</a></p>`
      return show(
        request,
        reply,
        again?.status ?? 200,
        pick(lang, TEXT.claimOf),
        `/officer/accounts/${accountId}`,
        body,
      )
    }

    app.get('/officer/accounts/:accountId', pageRoute, async (request, reply) =>
      claimPage(request, reply, (request.params as { accountId: string }).accountId),
    )

    app.post('/officer/accounts/:accountId/refuse', formRoute, async (request, reply) => {
      const { lang, accountId, fields, back, refused } = decisionForm(request, reply)
      if (refused) return refused
      const reason = fields.reason ?? ''
      const note = (fields.note ?? '').trim()
      const again = (status: number, problem: string) =>
        claimPage(request, reply, accountId, { status, reason, note, problem })
      if (reason === '') return again(422, pick(lang, TEXT.chooseAReason))
      const res = await callApi(root, request, 'POST', `/v1/accounts/${accountId}/refuse`, {
        json: { reason, ...(note ? { note } : {}) },
      })
      if (res.statusCode === 401) return reply.redirect('/signin', 303)
      if (res.statusCode === 200) return reply.redirect(`${back}?refused=1`, 303)
      const code = (JSON.parse(res.body) as Partial<Problem>).code
      if (code === 'account.claim_settled')
        return errorPage(reply, lang, 409, pick(lang, TEXT.alreadyDecided), back, officerNav(lang, back))
      if (code === 'request.invalid' || code === 'text.forbidden_category')
        return again(422, code === 'request.invalid' ? pick(lang, TEXT.chooseAReason) : problemText(res.body, lang))
      return errorPage(
        reply,
        lang,
        res.statusCode,
        problemText(res.body, lang) || t(lang, 'error'),
        back,
        officerNav(lang, back),
      )
    })

    app.get('/officer/accounts/subject/:subjectId', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const subjectId = (request.params as { subjectId: string }).subjectId
      const back = '/officer/accounts'
      if (!UUID.test(subjectId)) return errorPage(reply, lang, 404, t(lang, 'notFound'), back, officerNav(lang, back))
      const res = await callApi(root, request, 'GET', `/v1/subjects/${subjectId}/accounts`)
      {
        const refused = notOfficer(reply, languageOf(request), res.statusCode)
        if (refused) return refused
      }
      if (res.statusCode !== 200)
        return errorPage(reply, lang, res.statusCode, t(lang, 'error'), back, officerNav(lang, back))
      const { accounts } = JSON.parse(res.body) as SubjectAccounts
      const body = `<h1>${esc(pick(lang, TEXT.thisPersonSAccounts))}</h1>${accounts.length === 0 ? `<p>${esc(pick(lang, TEXT.none))}</p>` : accountsTable(lang, accounts)}
<p><a href="${back}">${esc(pick(lang, TEXT.backToTheList))}</a></p>`
      return show(
        request,
        reply,
        200,
        pick(lang, TEXT.thisPersonSAccounts),
        `/officer/accounts/subject/${subjectId}`,
        body,
      )
    })

    app.post('/officer/accounts/:accountId/verify', formRoute, async (request, reply) => {
      const { lang, accountId, fields, back, refused } = decisionForm(request, reply)
      if (refused) return refused
      const subjectId = fields.subject ?? ''
      const reason = fields.reason ?? ''
      const confirming = fields.confirm === 'yes'
      const res = await callApi(root, request, 'POST', `/v1/accounts/${accountId}/verify`, {
        json: confirming ? { confirm: true, reason } : {},
      })
      if (res.statusCode === 401) return reply.redirect('/signin', 303)
      if (res.statusCode === 200) return reply.redirect(back, 303)
      const code = (JSON.parse(res.body) as Partial<Problem>).code
      if (code === 'account.claim_settled')
        return errorPage(reply, lang, 409, pick(lang, TEXT.alreadyDecided), back, officerNav(lang, back))
      if (code === 'account.subject_already_verified')
        return confirmPage(request, reply, 409, accountId, subjectId, reason)
      if (confirming && (code === 'request.invalid' || code === 'text.forbidden_category')) {
        const problem = code === 'request.invalid' ? pick(lang, TEXT.giveYourReason) : problemText(res.body, lang)
        return confirmPage(request, reply, res.statusCode, accountId, subjectId, reason, problem)
      }
      return errorPage(
        reply,
        lang,
        res.statusCode,
        code === 'account.not_found' ? pick(lang, TEXT.thereIsNoSuchAccountAwaiting) : t(lang, 'error'),
        back,
        officerNav(lang, back),
      )
    })
  }
}
