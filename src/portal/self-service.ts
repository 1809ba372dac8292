/**
 * The subject's pages: sign in, my file (every record, its standing, an objection form on each), who
 * looked, sign out. Forms post to the portal, which calls the API in-process with the visitor's
 * session cookie and the CSRF token the API gave at sign-in (kept in an HTTP-only, same-site cookie
 * and echoed in each form, so a form from elsewhere cannot act: the two must match).
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify'
import { pick, t, type Lang } from './i18n.ts'
import { acceptForms, cookie, CSRF_COOKIE, formRoute, languageOf, pageRoute, sendPrivate } from './http.ts'
import { esc, page } from './layout.ts'

type Root = () => FastifyInstance

const html = (reply: FastifyReply, _lang: Lang, status: number, body: string) => sendPrivate(reply, status, body)

const STANDING: Record<string, { zh: string; en: string }> = {
  current: { zh: '有效', en: 'current' }, under_objection: { zh: '异议处理中', en: 'under objection' }, suppressed: { zh: '来源逾期未答复，暂停展示', en: 'hidden: the source is late to answer' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' }, erased: { zh: '已删除（仅保留痕迹）', en: 'erased (a tombstone remains)' },
}

interface FileRecord { recordId: string; kindName: { zh: string; en: string }; polarity: string; decidedOn: string; standing: string; source: { displayName: string }; objection?: { dueOn: string } }
interface Inquiry { at: string; by: string; purpose: string }
interface Consent { consentId: string; relyingParty: string; purpose: string; grantedAt: string; expiresAt: string; revokedAt: string | null }
interface Notice { createdAt: string; kind: string; body: Record<string, unknown> }

export function selfServiceRoutes(root: Root): FastifyPluginAsync {
  return async (app) => {
    acceptForms(app)

    const signInPage = (lang: Lang, message = '', username = '') => page(lang, {
      title: t(lang, 'navSignIn'), path: '/signin',
      body: `<h1>${esc(t(lang, 'navSignIn'))}</h1>${message ? `<p role="alert" class="badge">${esc(message)}</p>` : ''}
<form method="post" action="/signin"><p><label for="username">${esc(t(lang, 'username'))}</label><br><input id="username" name="username" value="${esc(username)}" autocomplete="username" required maxlength="64"></p>
<p><label for="password">${esc(t(lang, 'password'))}</label><br><input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256"></p>
<button type="submit">${esc(t(lang, 'navSignIn'))}</button></form>`,
    })

    app.get('/signin', pageRoute, async (request, reply) => html(reply, languageOf(request), 200, signInPage(languageOf(request))))

    app.post('/signin', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const form = (request.body ?? {}) as Record<string, string>
      const res = await root().inject({ method: 'POST', url: '/v1/session', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: form.username ?? '', password: form.password ?? '' }) })
      if (res.statusCode !== 200) return html(reply, lang, res.statusCode === 423 ? 423 : 401, signInPage(lang, t(lang, res.statusCode === 423 ? 'signInLocked' : 'signInFailed'), form.username ?? ''))
      const { csrfToken, role } = JSON.parse(res.body) as { csrfToken: string; role: string }
      const session = ([] as string[]).concat(res.headers['set-cookie'] ?? [])
      reply.header('set-cookie', [...session, `${CSRF_COOKIE}=${csrfToken}; Path=/; HttpOnly; SameSite=Strict`])
      return reply.redirect(role === 'officer' ? '/officer' : role === 'source' ? '/source' : '/me', 303)
    })

    app.post('/signout', formRoute, async (request, reply) => {
      const csrf = cookie(request, CSRF_COOKIE)
      if (csrf && ((request.body ?? {}) as Record<string, string>).csrf === csrf) await root().inject({ method: 'DELETE', url: '/v1/session', headers: { cookie: request.headers.cookie ?? '', 'x-csrf-token': csrf } })
      reply.header('set-cookie', ['fides_session=; Path=/; Max-Age=0', `${CSRF_COOKIE}=; Path=/; Max-Age=0`])
      return reply.redirect('/', 303)
    })

    app.get('/me', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const headers = { cookie: request.headers.cookie ?? '' }
      const [file, looks, consentsRes, noticesRes] = await Promise.all(['/v1/me/file?history=false', '/v1/me/inquiries', '/v1/me/consents', '/v1/me/notices'].map((url) => root().inject({ method: 'GET', url, headers })))
      if (!file || !looks || !consentsRes || !noticesRes) throw new Error('unreachable')
      if (file.statusCode === 401 || file.statusCode === 403) return reply.redirect('/signin', 303)
      if (file.statusCode !== 200) return html(reply, lang, file.statusCode, page(lang, { title: t(lang, 'mineTitle'), path: '/me', body: `<h1>${esc(t(lang, 'mineTitle'))}</h1><p>${esc(t(lang, 'error'))}</p>` }))
      const data = JSON.parse(file.body) as { subject: { name: string }; categories: { records: FileRecord[] }[] }
      const records = data.categories.flatMap((c) => c.records)
      const csrf = cookie(request, CSRF_COOKIE) ?? ''
      const notice = (request.query as Record<string, unknown>).filed ? `<p role="status"><strong>${esc(t(lang, 'objectionFiled'))}</strong></p>` : ''
      const rows = records.map((r) => `<tr id="record-${esc(r.recordId)}"><td${r.polarity === 'negative' ? ' class="negative"' : ''}>${esc(pick(lang, r.kindName))}</td><td>${esc(r.decidedOn)}</td><td>${esc(r.source.displayName)}</td>
<td>${esc(pick(lang, STANDING[r.standing] ?? { zh: r.standing, en: r.standing }))}${r.objection ? ` <span class="muted">(${esc(t(lang, 'objectionDue'))} ${esc(r.objection.dueOn)})</span>` : ''}</td>
<td>${r.standing === 'current' ? `<details><summary>${esc(t(lang, 'objectTo'))}</summary><form method="post" action="/me/objections"><input type="hidden" name="csrf" value="${esc(csrf)}"><input type="hidden" name="recordId" value="${esc(r.recordId)}">
<label for="reasons-${esc(r.recordId)}">${esc(t(lang, 'reasons'))}</label><br><textarea id="reasons-${esc(r.recordId)}" name="reasons" required maxlength="4000" rows="3" cols="30"></textarea><br><button type="submit">${esc(t(lang, 'objectTo'))}</button></form></details>` : ''}</td></tr>`).join('')
      const inquiries = looks.statusCode === 200 ? JSON.parse(looks.body) as Inquiry[] : []
      const body = `<h1>${esc(t(lang, 'mineTitle'))}: ${esc(data.subject.name)}</h1><p>${esc(t(lang, 'mineIntro'))} <a href="/v1/me/export?format=html">${esc(t(lang, 'printable'))}</a> · <a href="/v1/me/export">${esc(t(lang, 'download'))}</a></p>${notice}
<form method="post" action="/signout"><input type="hidden" name="csrf" value="${esc(csrf)}"><button type="submit">${esc(t(lang, 'signOut'))}</button></form>
<h2>${esc(t(lang, 'records'))}</h2>${records.length === 0 ? `<p>${esc(t(lang, 'noRecords'))}</p>` : `<table><thead><tr><th scope="col">${esc(t(lang, 'kind'))}</th><th scope="col">${esc(t(lang, 'decidedOn'))}</th><th scope="col">${esc(t(lang, 'source'))}</th><th scope="col">${esc(t(lang, 'standing'))}</th><th scope="col"><span class="muted">${esc(t(lang, 'objectTo'))}</span></th></tr></thead><tbody>${rows}</tbody></table>`}
<h2>${esc(t(lang, 'whoLooked'))}</h2>${inquiries.length === 0 ? `<p>${esc(t(lang, 'noInquiries'))}</p>` : `<table><thead><tr><th scope="col">${esc(t(lang, 'when'))}</th><th scope="col">${esc(t(lang, 'who'))}</th><th scope="col">${esc(t(lang, 'purpose'))}</th></tr></thead><tbody>${inquiries.map((i) => `<tr><td>${esc(i.at.slice(0, 16).replace('T', ' '))}</td><td>${esc(i.by)}</td><td>${esc(i.purpose.replace(/_/g, ' '))}</td></tr>`).join('')}</tbody></table>`}`
      const consents = consentsRes.statusCode === 200 ? JSON.parse(consentsRes.body) as Consent[] : []
      const consentRows = consents.map((c) => `<tr><td>${esc(c.relyingParty)}</td><td>${esc(c.purpose.replace(/_/g, ' '))}</td><td>${esc(c.expiresAt.slice(0, 10))}</td><td>${c.revokedAt ? esc(t(lang, 'revoked')) : `<form method="post" action="/me/consents/${esc(c.consentId)}/revoke"><input type="hidden" name="csrf" value="${esc(csrf)}"><button type="submit" aria-label="${esc(`${t(lang, 'revoke')}: ${c.relyingParty}`)}">${esc(t(lang, 'revoke'))}</button></form>`}</td></tr>`).join('')
      const notices = noticesRes.statusCode === 200 ? (JSON.parse(noticesRes.body) as { notices: Notice[] }).notices : []
      const more = `<h2>${esc(t(lang, 'consents'))}</h2>${consents.length === 0 ? `<p>${esc(t(lang, 'noConsents'))}</p>` : `<table><thead><tr><th scope="col">${esc(t(lang, 'who'))}</th><th scope="col">${esc(t(lang, 'purpose'))}</th><th scope="col">${esc(t(lang, 'until'))}</th><th scope="col"><span class="muted">${esc(t(lang, 'revoke'))}</span></th></tr></thead><tbody>${consentRows}</tbody></table>`}
<h2>${esc(t(lang, 'notices'))}</h2>${notices.length === 0 ? `<p>${esc(t(lang, 'noNotices'))}</p>` : `<ul>${notices.map((n) => `<li>${esc(n.createdAt.slice(0, 10))} · <strong>${esc(n.kind.replace(/[._]/g, ' '))}</strong>${['meanwhile', 'reasons', 'explanation', 'howToObject', 'howToAppeal'].filter((k) => typeof n.body[k] === 'string').map((k) => ` — ${esc(n.body[k])}`).join('')}</li>`).join('')}</ul>`}`
      return html(reply, lang, 200, page(lang, { title: t(lang, 'mineTitle'), path: '/me', body: body + more }))
    })

    app.post('/me/consents/:consentId/revoke', formRoute, async (request, reply) => {
      const lang = languageOf(request)
      const fields = (request.body ?? {}) as Record<string, string>
      const csrf = cookie(request, CSRF_COOKIE)
      if (!csrf || fields.csrf !== csrf) return html(reply, lang, 403, page(lang, { title: t(lang, 'error'), path: '/me', body: `<h1>${esc(t(lang, 'error'))}</h1>` }))
      const id = (request.params as { consentId: string }).consentId
      const res = await root().inject({ method: 'POST', url: `/v1/me/consents/${encodeURIComponent(id)}/revoke`, headers: { cookie: request.headers.cookie ?? '', 'x-csrf-token': csrf, 'content-type': 'application/json' }, payload: '{}' })
      if (res.statusCode !== 200) return html(reply, lang, res.statusCode, page(lang, { title: t(lang, 'error'), path: '/me', body: `<h1>${esc(t(lang, 'error'))}</h1><p><a href="/me">${esc(t(lang, 'navMine'))}</a></p>` }))
      return reply.redirect('/me', 303)
    })

    app.post('/me/objections', formRoute, async (request, reply) => {
      const lang = languageOf(request)
      const fields = (request.body ?? {}) as Record<string, string>
      const csrf = cookie(request, CSRF_COOKIE)
      // the form's token must be the one this browser was given at sign-in
      if (!csrf || fields.csrf !== csrf) return html(reply, lang, 403, page(lang, { title: t(lang, 'error'), path: '/me', body: `<h1>${esc(t(lang, 'error'))}</h1><p><a href="/me">${esc(t(lang, 'navMine'))}</a></p>` }))
      const res = await root().inject({
        method: 'POST', url: '/v1/me/objections', headers: { cookie: request.headers.cookie ?? '', 'x-csrf-token': csrf, 'content-type': 'application/json' },
        payload: JSON.stringify({ recordId: fields.recordId ?? '', reasons: fields.reasons ?? '' }),
      })
      if (res.statusCode !== 201) {
        const problem = JSON.parse(res.body) as { detail?: string; errors?: { detail: string }[] }
        return html(reply, lang, res.statusCode, page(lang, { title: t(lang, 'error'), path: '/me', body: `<h1>${esc(t(lang, 'objectTo'))}</h1><p role="alert">${esc(problem.detail ?? t(lang, 'error'))} ${esc((problem.errors ?? []).map((e) => e.detail).join('; '))}</p><p><a href="/me">${esc(t(lang, 'navMine'))}</a></p>` }))
      }
      return reply.redirect(`/me?filed=1#record-${encodeURIComponent(fields.recordId ?? '')}`, 303)
    })
  }
}
