/**
 * The officer console, accounts: claims awaiting verification and, per subject, every account that
 * claims it. Verifying an account for a subject that has a verified account already is answered by
 * the API with a warning; the page says so in words and asks for a confirmation with a reason, which
 * the subject is told. All through the API.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { PendingAccounts, Problem, SubjectAccounts } from './api.ts'
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
    zh: '申请人未通过平台提交证明材料：核验须当面查看身份证件原件。',
    en: 'Applicants give no documents through the platform: verifying means seeing the original identity documents in person.',
  },
  giveYourReason: { zh: '请写明理由。', en: 'Give your reason.' },
  thereIsNoSuchAccountAwaiting: { zh: '没有这个待核验的账户。', en: 'There is no such account awaiting verification.' },
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
      esc(a.verifiedAt ? day(a.verifiedAt) : pick(lang, TEXT.awaitingVerification)),
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
        `<a href="/officer/accounts/subject/${esc(p.subjectId)}">${esc(pick(lang, TEXT.allThisPersonSAccounts))}</a>`,
        `<form method="post" action="/officer/accounts/${esc(p.accountId)}/verify"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="subject" value="${esc(p.subjectId)}"><button type="submit" aria-describedby="claim-${esc(p.accountId)}">${esc(pick(lang, TEXT.documentsCheckedVerify))}</button></form>`,
      ])
      const body = `<h1>${esc(pick(lang, TEXT.accountsAwaitingVerification))}</h1>
<p>${esc(pick(lang, TEXT.checkTheClaimantSIdentityDocuments))}</p><p class="muted">${esc(pick(lang, TEXT.evidenceInPerson))}</p>
${pending.length === 0 ? `<p>${esc(pick(lang, TEXT.none))}</p>` : `<div class="scroll" tabindex="0" role="region" aria-label="${esc(pick(lang, TEXT.accountsAwaitingVerification))}">${table([pick(lang, TEXT.username), pick(lang, TEXT.displayName), pick(lang, TEXT.claims), pick(lang, TEXT.claimed), pick(lang, TEXT.verifiedAccounts), pick(lang, TEXT.accounts), pick(lang, TEXT.verify)], rows)}</div>`}`
      return show(request, reply, 200, pick(lang, TEXT.accountVerification), '/officer/accounts', body)
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
      const lang = languageOf(request)
      const accountId = (request.params as { accountId: string }).accountId
      const fields = (request.body ?? {}) as Record<string, string>
      const back = '/officer/accounts'
      if (!formTokenOk(request, fields.csrf))
        return errorPage(reply, lang, 403, t(lang, 'error'), back, officerNav(lang, back))
      if (!UUID.test(accountId)) return errorPage(reply, lang, 404, t(lang, 'notFound'), back, officerNav(lang, back))
      const subjectId = fields.subject ?? ''
      const reason = fields.reason ?? ''
      const confirming = fields.confirm === 'yes'
      const res = await callApi(root, request, 'POST', `/v1/accounts/${accountId}/verify`, {
        json: confirming ? { confirm: true, reason } : {},
      })
      if (res.statusCode === 401) return reply.redirect('/signin', 303)
      if (res.statusCode === 200) return reply.redirect(back, 303)
      const code = (JSON.parse(res.body) as Partial<Problem>).code
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
