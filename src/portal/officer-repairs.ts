/**
 * The officer console's credit repair: the queue with its deadlines, one application with the
 * subject's statement and evidence (each document opened through the API, the look recorded), its
 * feedback and decision, and its audit events.
 */
import type { FastifyInstance } from 'fastify'
import type { RepairDetail, RepairQueue } from './api.ts'
import { L, statusText, t } from './i18n.ts'
import { callApi, cookie, CSRF_COOKIE, formRoute, languageOf, pageRoute, problemText } from './http.ts'
import { esc, table } from './layout.ts'
import { evidenceList } from './officer.ts'
import { day, officerPage, signedOut, stepForm, trailTable, type Root } from './officer-console.ts'


export function officerRepairPages(app: FastifyInstance, root: Root): void {
  const { failed, show, act } = officerPage(root)

  app.get('/officer/repairs', pageRoute, async (request, reply) => {
    const lang = languageOf(request)
    const filter = String((request.query as Record<string, unknown>).filter ?? 'pending')
    const res = await callApi(root, request, 'GET', `/v1/repairs?filter=${encodeURIComponent(filter)}`)
    if (signedOut(res.statusCode)) return reply.redirect('/signin', 303)
    if (res.statusCode !== 200) return failed(reply, lang, res.statusCode, problemText(res.body), '/officer/repairs')
    const q = JSON.parse(res.body) as RepairQueue
    const tabs = ([['pending', q.counts.pending, L(lang, '待处理', 'Pending')], ['feedback_overdue', q.counts.feedbackOverdue, L(lang, '反馈逾期', 'Feedback overdue')], ['decision_overdue', q.counts.decisionOverdue, L(lang, '决定逾期', 'Decision overdue')]] as const)
      .map(([f, n, name]) => `<li><a href="/officer/repairs?filter=${f}"${f === filter ? ' aria-current="page"' : ''}>${esc(name)} (${n})</a></li>`).join('')
    const rows = q.applications.map((a) => [`<a href="/officer/repairs/${esc(a.applicationId)}">${esc(a.target.kind)}</a>`, esc(a.target.type), esc(a.appliedOn), esc(statusText(lang, a.status)),
      `${esc(a.status === 'submitted' ? a.feedbackDueOn : day(a.decisionDueOn))}${a.overdue ? ` <span class="badge">${esc(L(lang, '逾期', 'overdue'))}</span>` : ''}`])
    const body = `<h1>${esc(L(lang, '信用修复申请', 'Credit repair applications'))}</h1><nav aria-label="${esc(L(lang, '筛选', 'Filter'))}"><ul>${tabs}</ul></nav>
${q.applications.length === 0 ? `<p>${esc(L(lang, '没有。', 'None.'))}</p>` : table([t(lang, 'kind'), L(lang, '对象', 'Target'), L(lang, '申请日', 'Applied'), L(lang, '状态', 'Status'), L(lang, '下一期限', 'Next deadline')], rows)}`
    return show(request, reply, L(lang, '信用修复申请', 'Credit repair applications'), `/officer/repairs?filter=${encodeURIComponent(filter)}`, body)
  })

  app.get('/officer/repairs/:id', pageRoute, async (request, reply) => {
    const lang = languageOf(request)
    const id = encodeURIComponent((request.params as { id: string }).id)
    const res = await callApi(root, request, 'GET', `/v1/repairs/${id}`)
    if (signedOut(res.statusCode)) return reply.redirect('/signin', 303)
    if (res.statusCode !== 200) return failed(reply, lang, res.statusCode, t(lang, 'notFound'), '/officer/repairs')
    const a = JSON.parse(res.body) as RepairDetail
    const csrf = cookie(request, CSRF_COOKIE) ?? ''
    const base = `/officer/repairs/${id}`
    const feedback = a.status === 'submitted' ? `<h2>${esc(L(lang, '反馈', 'Feedback'))}</h2><form method="post" action="${base}/feedback"><input type="hidden" name="csrf" value="${esc(csrf)}">
<p><label for="feedback">${esc(L(lang, `反馈意见（必填，${a.feedbackDueOn} 前）`, `Feedback (required, due by ${a.feedbackDueOn})`))}</label><br><textarea id="feedback" name="feedback" required maxlength="4000" rows="3" cols="50"></textarea></p><button type="submit">${esc(L(lang, '反馈', 'Give feedback'))}</button></form>` : ''
    const decide = a.status === 'feedback_given' ? stepForm(lang, csrf, `${base}/decision`, L(lang, '决定', 'Decide'), `<fieldset><legend>${esc(L(lang, '结果', 'Outcome'))}</legend><label><input type="radio" name="outcome" value="approved" required> ${esc(L(lang, '批准：当日停止公示', 'Approved: publication ends today'))}</label><br><label><input type="radio" name="outcome" value="refused"> ${esc(L(lang, '不予批准', 'Refused'))}</label></fieldset>`) : ''
    const evidence = evidenceList(lang, a.subjectId, a.evidence)
    const body = `<h1>${esc(L(lang, '信用修复申请', 'Credit repair application'))}: ${esc(a.target.kind)}</h1>
<p>${esc(L(lang, '状态', 'Status'))}: <strong>${esc(statusText(lang, a.status))}</strong> · ${esc(L(lang, '申请日', 'Applied'))} ${esc(a.appliedOn)}${a.overdue ? ` <span class="badge">${esc(L(lang, '逾期', 'overdue'))}</span>` : ''}</p>
<h2>${esc(L(lang, '申请人陈述', 'The subject\'s statement'))}</h2><p>${esc(a.statement)}</p><h2>${esc(L(lang, '证据', 'Evidence'))}</h2>${evidence}
${a.feedback ? `<h2>${esc(L(lang, '反馈', 'Feedback'))}</h2><p>${esc(a.feedback)}</p>` : ''}${a.decisionReasons ? `<h2>${esc(L(lang, '决定理由', 'Reasons for the decision'))}</h2><p>${esc(a.decisionReasons)}</p>` : ''}
${feedback}${decide}${trailTable(lang, a.history ?? [])}<p><a href="/officer/repairs">${esc(L(lang, '返回队列', 'Back to the queue'))}</a></p>`
    return show(request, reply, L(lang, '信用修复申请', 'Credit repair application'), base, body)
  })

  app.post('/officer/repairs/:id/feedback', formRoute, async (request, reply) => {
    const id = encodeURIComponent((request.params as { id: string }).id)
    return act(request, reply, `/v1/repairs/${id}/feedback`, { feedback: ((request.body ?? {}) as Record<string, string>).feedback ?? '' }, `/officer/repairs/${id}`)
  })
  app.post('/officer/repairs/:id/decision', formRoute, async (request, reply) => {
    const id = encodeURIComponent((request.params as { id: string }).id)
    const f = (request.body ?? {}) as Record<string, string>
    return act(request, reply, `/v1/repairs/${id}/decision`, { outcome: f.outcome ?? '', reasons: f.reasons ?? '' }, `/officer/repairs/${id}`)
  })

  app.get('/officer/evidence/:subjectId/:documentId', pageRoute, async (request, reply) => {
    const { subjectId, documentId } = request.params as { subjectId: string; documentId: string }
    const res = await callApi(root, request, 'GET', `/v1/subjects/${encodeURIComponent(subjectId)}/evidence/${encodeURIComponent(documentId)}`)
    if (signedOut(res.statusCode)) return reply.redirect('/signin', 303)
    if (res.statusCode !== 200) return failed(reply, languageOf(request), res.statusCode, t(languageOf(request), 'notFound'), '/officer')
    return reply.type(String(res.headers['content-type'])).header('cache-control', 'no-store').header('content-disposition', String(res.headers['content-disposition'])).send(res.rawPayload)
  })
}
