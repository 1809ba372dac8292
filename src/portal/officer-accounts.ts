/**
 * The officer console, accounts: claims awaiting verification and, per subject, every account that
 * claims it. Verifying an account for a subject that has a verified account already is answered by
 * the API with a warning; the page says so in words and asks for a confirmation with a reason, which
 * the subject is told. All through the API.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { PendingAccounts, Problem, SubjectAccounts } from './api.ts'
import { L, t, type Lang } from './i18n.ts'
import { acceptForms, callApi, cookie, CSRF_COOKIE, errorPage, formRoute, formTokenOk, languageOf, pageRoute, problemText, sendPrivate } from './http.ts'
import { esc, page, table } from './layout.ts'
import { officerNav } from './officer.ts'

type Root = () => FastifyInstance

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const day = (iso: string) => iso.slice(0, 10)

const alreadyWords = (lang: Lang, n: number) => L(lang, `此人已有 ${n} 个已核验的账户`, n === 1 ? 'This person has a verified account already' : `This person has ${n} verified accounts already`)

function accountsTable(lang: Lang, accounts: SubjectAccounts['accounts'], highlight?: string): string {
  return table([L(lang, '用户名', 'Username'), L(lang, '显示名称', 'Display name'), L(lang, '申请日', 'Claimed'), L(lang, '核验', 'Verified')],
    accounts.map((a) => [`${esc(a.username)}${a.accountId === highlight ? ` <span class="badge">${esc(L(lang, '本次申请', 'this claim'))}</span>` : ''}`, esc(a.displayName), esc(day(a.claimedAt)), esc(a.verifiedAt ? day(a.verifiedAt) : L(lang, '待核验', 'awaiting verification'))]))
}

export function officerAccountsRoutes(root: Root): FastifyPluginAsync {
  return async (app) => {
    acceptForms(app)
    const signedOut = (status: number) => status === 401 || status === 403
    const show = (request: FastifyRequest, reply: FastifyReply, status: number, title: string, path: string, body: string) =>
      sendPrivate(reply, status, page(languageOf(request), { title, path, body: officerNav(languageOf(request), '/officer/accounts') + body }))

    /** The warning and the confirmation form, with what the officer typed kept and the problem, if any, said in words. */
    const confirmPage = async (request: FastifyRequest, reply: FastifyReply, status: number, accountId: string, subjectId: string, reason: string, problem?: string) => {
      const lang = languageOf(request)
      const res = UUID.test(subjectId) ? await callApi(root, request, 'GET', `/v1/subjects/${subjectId}/accounts`) : undefined
      const accounts = res?.statusCode === 200 ? (JSON.parse(res.body) as SubjectAccounts).accounts : []
      const verified = accounts.filter((a) => a.verifiedAt !== null).length
      const csrf = esc(cookie(request, CSRF_COOKIE) ?? '')
      const body = `<h1>${esc(L(lang, '核验前请确认', 'Confirm before verifying'))}</h1>
<p role="alert"><strong>${esc(alreadyWords(lang, Math.max(1, verified)))}</strong>${esc(L(lang, '。再核验一个账户，意味着多一个人可以查看此人的全部信用档案。请核实此申请确由本人提出（例如本人到场、原账户无法使用），并写明理由：理由会告知此人，已有账户的持有人也会收到通知。',
    '. Verifying another means one more account can see this person\'s whole credit file. Check that the person asked for it themselves (in person, say, because the first account cannot be used) and give your reason: the person is told it, and the holder of the existing account gets a notice.'))}</p>
${accountsTable(lang, accounts, accountId)}
${problem ? `<p role="alert" class="badge">${esc(problem)}</p>` : ''}
<form method="post" action="/officer/accounts/${esc(accountId)}/verify"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="subject" value="${esc(subjectId)}"><input type="hidden" name="confirm" value="yes">
<p><label for="confirm-reason">${esc(L(lang, '理由（必填，告知当事人）', 'Reason (required; told to the person)'))}</label><br><textarea id="confirm-reason" name="reason" required maxlength="2000" rows="3" cols="40">${esc(reason)}</textarea></p>
<button type="submit">${esc(L(lang, '确认核验另一个账户', 'Confirm: verify another account'))}</button></form>
<p><a href="/officer/accounts">${esc(L(lang, '不核验，返回列表', 'Do not verify; back to the list'))}</a></p>`
      return show(request, reply, status, L(lang, '核验前请确认', 'Confirm before verifying'), `/officer/accounts/${encodeURIComponent(accountId)}/verify`, body)
    }

    app.get('/officer/accounts', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const res = await callApi(root, request, 'GET', '/v1/accounts/pending')
      if (signedOut(res.statusCode)) return reply.redirect('/signin', 303)
      if (res.statusCode !== 200) return errorPage(reply, lang, res.statusCode, t(lang, 'error'), '/officer/accounts', officerNav(lang, '/officer/accounts'))
      const pending = JSON.parse(res.body) as PendingAccounts
      const csrf = esc(cookie(request, CSRF_COOKIE) ?? '')
      const rows = pending.map((p) => [
        esc(p.username), esc(p.displayName), esc(day(p.claimedAt)),
        p.verifiedAlready > 0 ? `<span class="badge">${esc(alreadyWords(lang, p.verifiedAlready))}</span>` : esc(L(lang, '没有', 'none')),
        `<a href="/officer/accounts/subject/${esc(p.subjectId)}">${esc(L(lang, '此人的全部账户', 'All this person\'s accounts'))}</a>`,
        `<form method="post" action="/officer/accounts/${esc(p.accountId)}/verify"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="subject" value="${esc(p.subjectId)}"><button type="submit" aria-label="${esc(`${L(lang, '核验', 'Verify')}: ${p.username}`)}">${esc(L(lang, '已核对身份证件，核验', 'Documents checked: verify'))}</button></form>`,
      ])
      const body = `<h1>${esc(L(lang, '待核验的账户', 'Accounts awaiting verification'))}</h1>
<p>${esc(L(lang, '核对申请人的身份证件后再核验：核验后该账户可以查看此人的信用档案。', 'Check the claimant\'s identity documents first: once verified, the account sees the person\'s credit file.'))}</p>
${pending.length === 0 ? `<p>${esc(L(lang, '没有。', 'None.'))}</p>` : `<div class="scroll" tabindex="0" role="region" aria-label="${esc(L(lang, '待核验的账户', 'Accounts awaiting verification'))}">${table([L(lang, '用户名', 'Username'), L(lang, '显示名称', 'Display name'), L(lang, '申请日', 'Claimed'), L(lang, '已核验的账户', 'Verified accounts'), L(lang, '账户', 'Accounts'), L(lang, '核验', 'Verify')], rows)}</div>`}`
      return show(request, reply, 200, L(lang, '账户核验', 'Accounts'), '/officer/accounts', body)
    })

    app.get('/officer/accounts/subject/:subjectId', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const subjectId = (request.params as { subjectId: string }).subjectId
      const back = '/officer/accounts'
      if (!UUID.test(subjectId)) return errorPage(reply, lang, 404, t(lang, 'notFound'), back, officerNav(lang, back))
      const res = await callApi(root, request, 'GET', `/v1/subjects/${subjectId}/accounts`)
      if (signedOut(res.statusCode)) return reply.redirect('/signin', 303)
      if (res.statusCode !== 200) return errorPage(reply, lang, res.statusCode, t(lang, 'error'), back, officerNav(lang, back))
      const { accounts } = JSON.parse(res.body) as SubjectAccounts
      const body = `<h1>${esc(L(lang, '此人的账户', 'This person\'s accounts'))}</h1>${accounts.length === 0 ? `<p>${esc(L(lang, '没有。', 'None.'))}</p>` : accountsTable(lang, accounts)}
<p><a href="${back}">${esc(L(lang, '返回列表', 'Back to the list'))}</a></p>`
      return show(request, reply, 200, L(lang, '此人的账户', 'This person\'s accounts'), `/officer/accounts/subject/${subjectId}`, body)
    })

    app.post('/officer/accounts/:accountId/verify', formRoute, async (request, reply) => {
      const lang = languageOf(request)
      const accountId = (request.params as { accountId: string }).accountId
      const fields = (request.body ?? {}) as Record<string, string>
      const back = '/officer/accounts'
      if (!formTokenOk(request, fields.csrf)) return errorPage(reply, lang, 403, t(lang, 'error'), back, officerNav(lang, back))
      if (!UUID.test(accountId)) return errorPage(reply, lang, 404, t(lang, 'notFound'), back, officerNav(lang, back))
      const subjectId = fields.subject ?? ''
      const reason = fields.reason ?? ''
      const confirming = fields.confirm === 'yes'
      const res = await callApi(root, request, 'POST', `/v1/accounts/${accountId}/verify`, { json: confirming ? { confirm: true, reason } : {} })
      if (res.statusCode === 401) return reply.redirect('/signin', 303)
      if (res.statusCode === 200) return reply.redirect(back, 303)
      const code = (JSON.parse(res.body) as Partial<Problem>).code
      if (code === 'account.subject_already_verified') return confirmPage(request, reply, 409, accountId, subjectId, reason)
      if (confirming && (code === 'request.invalid' || code === 'text.forbidden_category')) {
        const problem = code === 'request.invalid' ? L(lang, '请写明理由。', 'Give your reason.') : problemText(res.body, lang)
        return confirmPage(request, reply, res.statusCode, accountId, subjectId, reason, problem)
      }
      return errorPage(reply, lang, res.statusCode, code === 'account.not_found' ? L(lang, '没有这个待核验的账户。', 'There is no such account awaiting verification.') : t(lang, 'error'), back, officerNav(lang, back))
    })
  }
}
