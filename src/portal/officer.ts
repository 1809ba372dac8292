/**
 * The officer console, first part: the objections queue with deadlines and overdue flags, one
 * objection in full (the look is recorded by the API), and its two steps — escalate, decide — each
 * with a reason, after which the page shows the objection's audit trail with the new event.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { EvidenceItem, Objection, OfficerQueue } from './api.ts'
import { L, statusText, t, type Lang } from './i18n.ts'
import { acceptForms, callApi, cookie, CSRF_COOKIE, formRoute, languageOf, pageRoute, sendPrivate, submitForm } from './http.ts'
import { esc, page } from './layout.ts'

type Root = () => FastifyInstance

const html = sendPrivate


/** The evidence of an objection or application: each piece, its document to open (the look is recorded) and its fingerprint. */
export function evidenceList(lang: Lang, subjectId: string, evidence: readonly EvidenceItem[]): string {
  if (evidence.length === 0) return `<p>${esc(L(lang, '无。', 'None.'))}</p>`
  return `<ul>${evidence.map((e) => `<li>${esc(e.description)}${e.documentId ? ` · <a href="/officer/evidence/${esc(subjectId)}/${esc(e.documentId)}">${esc(e.documentName ?? L(lang, '文件', 'document'))}</a>` : e.documentName ? ` · ${esc(e.documentName)}` : ''}${e.sha256 ? ` <span class="muted">SHA-256 <code>${esc(e.sha256.slice(0, 16))}…</code></span>` : ''}</li>`).join('')}</ul>`
}

/** The officer console's parts, on every officer page. */
export function officerNav(lang: Lang, path: string): string {
  const parts = [['/officer', L(lang, '异议', 'Objections')], ['/officer/lists', L(lang, '名单条目', 'List entries')], ['/officer/repairs', L(lang, '信用修复', 'Credit repair')], ['/officer/models', L(lang, '评分模型', 'Scoring models')], ['/officer/accounts', L(lang, '账户核验', 'Accounts')]] as const
  const current = [...parts].reverse().find(([href]) => path === href || path.startsWith(href + '/') || path.startsWith(href + '?'))?.[0]
  return `<nav aria-label="${esc(L(lang, '信用官员控制台', 'Officer console'))}" class="console"><ul>${parts.map(([href, name]) => `<li><a href="${href}"${href === current ? ' aria-current="page"' : ''}>${esc(name)}</a></li>`).join('')}<li><a href="/signout">${esc(t(lang, 'signOut'))}</a></li></ul></nav>`
}

export function officerRoutes(root: Root): FastifyPluginAsync {
  return async (app) => {
    acceptForms(app)
    const call = (request: FastifyRequest, method: 'GET' | 'POST', url: string, payload?: unknown) => callApi(root, request, method, url, payload === undefined ? undefined : { json: payload })

    app.get('/officer', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const filter = String((request.query as Record<string, unknown>).filter ?? 'undecided')
      const res = await call(request, 'GET', `/v1/objections?filter=${encodeURIComponent(filter)}`)
      if (res.statusCode === 401 || res.statusCode === 403) return reply.redirect('/signin', 303)
      if (res.statusCode !== 200) return html(reply, res.statusCode, page(lang, { title: t(lang, 'error'), path: '/officer', body: `<h1>${esc(t(lang, 'error'))}</h1>` }))
      const q = JSON.parse(res.body) as OfficerQueue
      const tabs = (['undecided', 'overdue', 'due_soon', 'escalated'] as const).map((f) => {
        const n = { undecided: q.counts.undecided, overdue: q.counts.overdue, due_soon: q.counts.dueSoon, escalated: q.counts.escalated }[f]
        const name = { undecided: L(lang, '未决', 'Undecided'), overdue: L(lang, '逾期', 'Overdue'), due_soon: L(lang, '即将到期', 'Due soon'), escalated: L(lang, '已提交决定', 'Escalated') }[f]
        return `<li><a href="/officer?filter=${f}"${f === filter ? ' aria-current="page"' : ''}>${esc(name)} (${n})</a></li>`
      }).join('')
      const rows = q.objections.map((o) => `<tr><td><a href="/officer/objections/${esc(o.objectionId)}">${esc(o.target.kind ?? o.target.type)}</a></td><td>${esc(o.target.source ?? '—')}</td><td>${esc(o.filedAt.slice(0, 10))}</td><td>${esc(o.dueOn)}${o.overdue ? ` <span class="badge">${esc(L(lang, '逾期', 'overdue'))}</span>` : ''}</td><td>${esc(statusText(lang, o.status))}</td></tr>`).join('')
      const body = `<h1>${esc(L(lang, '异议处理队列', 'Objections queue'))}</h1><nav aria-label="${esc(L(lang, '筛选', 'Filter'))}"><ul>${tabs}</ul></nav>
${q.objections.length === 0 ? `<p>${esc(L(lang, '没有。', 'None.'))}</p>` : `<table><thead><tr><th scope="col">${esc(t(lang, 'kind'))}</th><th scope="col">${esc(t(lang, 'source'))}</th><th scope="col">${esc(L(lang, '提出', 'Filed'))}</th><th scope="col">${esc(t(lang, 'objectionDue'))}</th><th scope="col">${esc(t(lang, 'standing'))}</th></tr></thead><tbody>${rows}</tbody></table>`}`
      return html(reply, 200, page(lang, { title: L(lang, '异议处理队列', 'Objections queue'), path: `/officer?filter=${encodeURIComponent(filter)}`, body: officerNav(lang, '/officer') + body }))
    })

    app.get('/officer/objections/:id', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const id = (request.params as { id: string }).id
      const res = await call(request, 'GET', `/v1/objections/${encodeURIComponent(id)}`)
      if (res.statusCode === 401 || res.statusCode === 403) return reply.redirect('/signin', 303)
      if (res.statusCode !== 200) return html(reply, res.statusCode, page(lang, { title: t(lang, 'notFound'), path: '/officer', body: `<h1>${esc(t(lang, 'notFound'))}</h1>` }))
      const o = JSON.parse(res.body) as Objection
      const csrf = esc(cookie(request, CSRF_COOKIE) ?? '')
      const reason = (name: string) => `<label for="${name}">${esc(L(lang, '理由（必填，将记入审计记录）', 'Reason (required; it goes into the audit trail)'))}</label><br><textarea id="${name}" name="reasons" required maxlength="2000" rows="3" cols="40"></textarea><br>`
      const escalate = ['open'].includes(o.status) ? `<h2>${esc(L(lang, '提交决定', 'Escalate'))}</h2><form method="post" action="/officer/objections/${esc(o.objectionId)}/escalate"><input type="hidden" name="csrf" value="${csrf}">${reason('escalate-reason')}<button type="submit">${esc(L(lang, '提交决定', 'Escalate'))}</button></form>` : ''
      const decide = o.status === 'escalated' ? `<h2>${esc(L(lang, '决定', 'Decide'))}</h2><form method="post" action="/officer/objections/${esc(o.objectionId)}/decide"><input type="hidden" name="csrf" value="${csrf}">
<fieldset><legend>${esc(L(lang, '结果', 'Outcome'))}</legend><label><input type="radio" name="outcome" value="upheld" required> ${esc(L(lang, '异议成立：撤回该记录', 'Upheld: the record is taken back'))}</label><br><label><input type="radio" name="outcome" value="dismissed"> ${esc(L(lang, '异议不成立：保留该记录', 'Dismissed: the record stays'))}</label></fieldset>
${reason('decide-reason')}<button type="submit">${esc(L(lang, '决定', 'Decide'))}</button></form>` : ''
      const history = (o.history ?? []).map((h) => `<tr><td>${esc(h.at.slice(0, 16).replace('T', ' '))}</td><td>${esc(h.action)}</td><td>${esc(h.by)}</td></tr>`).join('')
      const body = `<h1>${esc(L(lang, '异议', 'Objection'))}: ${esc(o.target.kind ?? o.target.type)}</h1>
<p>${esc(L(lang, '状态', 'Status'))}: <strong>${esc(statusText(lang, o.status))}</strong> · ${esc(t(lang, 'objectionDue'))} ${esc(o.dueOn)}${o.overdue ? ` <span class="badge">${esc(L(lang, '逾期', 'overdue'))}</span>` : ''}</p>
<h2>${esc(t(lang, 'reasons'))}</h2><p>${esc(o.reasons ?? '—')}</p>${o.statement ? `<p><em>${esc(o.statement)}</em></p>` : ''}
<h2>${esc(L(lang, '证据', 'Evidence'))}</h2>${evidenceList(lang, o.subjectId, o.evidence ?? [])}
${escalate}${decide}
<h2>${esc(L(lang, '审计记录', 'Audit trail'))}</h2><table><thead><tr><th scope="col">${esc(t(lang, 'when'))}</th><th scope="col">${esc(L(lang, '事件', 'Event'))}</th><th scope="col">${esc(t(lang, 'who'))}</th></tr></thead><tbody>${history}</tbody></table>
<p><a href="/officer">${esc(L(lang, '返回队列', 'Back to the queue'))}</a></p>`
      return html(reply, 200, page(lang, { title: L(lang, '异议', 'Objection'), path: `/officer/objections/${encodeURIComponent(id)}`, body: officerNav(lang, '/officer') + body }))
    })

    for (const step of ['escalate', 'decide'] as const) {
      app.post(`/officer/objections/:id/${step}`, formRoute, async (request, reply) => {
        const id = encodeURIComponent((request.params as { id: string }).id)
        const fields = (request.body ?? {}) as Record<string, string>
        const back = `/officer/objections/${id}`
        return submitForm(root, request, reply, {
          token: fields.csrf, back, next: back, before: officerNav(languageOf(request), '/officer'),
          ...(step === 'escalate'
            ? { url: `/v1/objections/${id}/escalate`, json: { reason: fields.reasons ?? '' } }
            : { url: `/v1/objections/${id}/decision`, json: { outcome: fields.outcome ?? '', reasons: fields.reasons ?? '' } }),
        })
      })
    }
  }
}
