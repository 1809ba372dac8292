/**
 * The officer console's credit repair: the queue with its deadlines, one application with the
 * subject's statement and evidence (each document opened through the API, the look recorded), its
 * feedback and decision, and its audit events.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { RepairDetail, RepairQueue } from './api.ts'
import { type Messages, pick, statusText, t } from './i18n.ts'
import {
  callApi,
  cookie,
  CSRF_COOKIE,
  field,
  formAlert,
  type FormState,
  formRoute,
  languageOf,
  pageRoute,
  problemText,
} from './http.ts'
import { dayText } from './report-fields.ts'
import { esc, table } from './layout.ts'
import { evidenceList, subjectCell } from './officer.ts'
import {
  day,
  notOfficer,
  officerDoor,
  officerPage,
  scrolling,
  stepForm,
  trailTable,
  type Root,
} from './officer-console.ts'
import type { PublishedCatalogue } from '../modules/catalogue/index.ts'

/** This page's words in both languages (a text missing one does not compile). */
export const TEXT = {
  pending: { zh: '待处理', en: 'Pending' },
  feedbackOverdue: { zh: '反馈逾期', en: 'Feedback overdue' },
  decisionOverdue: { zh: '决定逾期', en: 'Decision overdue' },
  overdue: { zh: '逾期', en: 'overdue' },
  creditRepairApplications: { zh: '信用修复申请', en: 'Credit repair applications' },
  filter: { zh: '筛选', en: 'Filter' },
  none: { zh: '没有。', en: 'None.' },
  target: { zh: '对象', en: 'Target' },
  subject: { zh: '当事人', en: 'Subject' },
  applied: { zh: '申请日', en: 'Applied' },
  status: { zh: '状态', en: 'Status' },
  nextDeadline: { zh: '下一期限', en: 'Next deadline' },
  feedback: { zh: '反馈', en: 'Feedback' },
  giveFeedback: { zh: '反馈', en: 'Give feedback' },
  decide: { zh: '决定', en: 'Decide' },
  outcome: { zh: '结果', en: 'Outcome' },
  approvedPublicationEndsToday: { zh: '批准：当日停止公示', en: 'Approved: publication ends today' },
  refused: { zh: '不予批准', en: 'Refused' },
  creditRepairApplication: { zh: '信用修复申请', en: 'Credit repair application' },
  theSubjectSStatement: { zh: '申请人陈述', en: "The subject's statement" },
  evidence: { zh: '证据', en: 'Evidence' },
  reasonsForTheDecision: { zh: '决定理由', en: 'Reasons for the decision' },
  backToTheQueue: { zh: '返回队列', en: 'Back to the queue' },
  aRecord: { zh: '信用记录', en: 'A record' },
  aListEntry: { zh: '名单条目', en: 'A list entry' },
  aKind: { zh: '记录', en: 'Record' },
  feedbackDueBy: (day: string) => ({ zh: `反馈意见（必填，${day} 前）`, en: `Feedback (required, due by ${day})` }),
} satisfies Messages

export function officerRepairPages(app: FastifyInstance, root: Root): void {
  const { failed, show, act } = officerPage(root)
  /** A kind's name in the reader's words, from the catalogue in force (record kinds and list kinds). */
  const kindNames = async (request: FastifyRequest) => {
    const lang = languageOf(request)
    const res = await callApi(root, request, 'GET', '/v1/catalogue')
    const c = res.statusCode === 200 ? (JSON.parse(res.body) as PublishedCatalogue) : undefined
    const names = new Map([...(c?.kinds ?? []), ...(c?.lists.listKinds ?? [])].map((k) => [k.code, k.name]))
    return (code: string) => pick(lang, names.get(code) ?? TEXT.aKind)
  }

  app.get('/officer/repairs', pageRoute, async (request, reply) => {
    const lang = languageOf(request)
    const kindName = await kindNames(request)
    const filter = String((request.query as Record<string, unknown>).filter ?? 'pending')
    const res = await callApi(root, request, 'GET', `/v1/repairs?filter=${encodeURIComponent(filter)}`)
    {
      const refused = notOfficer(reply, languageOf(request), res.statusCode)
      if (refused) return refused
    }
    if (res.statusCode !== 200)
      return failed(reply, lang, res.statusCode, problemText(res.body, lang), '/officer/repairs')
    const q = JSON.parse(res.body) as RepairQueue
    const tabs = (
      [
        ['pending', q.counts.pending, pick(lang, TEXT.pending)],
        ['feedback_overdue', q.counts.feedbackOverdue, pick(lang, TEXT.feedbackOverdue)],
        ['decision_overdue', q.counts.decisionOverdue, pick(lang, TEXT.decisionOverdue)],
      ] as const
    )
      .map(
        ([f, n, name]) =>
          `<li><a href="/officer/repairs?filter=${f}"${f === filter ? ' aria-current="page"' : ''}>${esc(name)} (${n})</a></li>`,
      )
      .join('')
    const rows = q.applications.map((a) => [
      `<a href="/officer/repairs/${esc(a.applicationId)}">${esc(kindName(a.target.kind))}</a>`,
      subjectCell(lang, a.subject),
      esc(pick(lang, a.target.type === 'record' ? TEXT.aRecord : TEXT.aListEntry)),
      esc(a.appliedOn),
      esc(statusText(lang, a.status)),
      `${esc(a.status === 'submitted' ? a.feedbackDueOn : day(a.decisionDueOn))}${a.overdue ? ` <span class="badge">${esc(pick(lang, TEXT.overdue))}</span>` : ''}`,
    ])
    const body = `<h1>${esc(pick(lang, TEXT.creditRepairApplications))}</h1><nav aria-label="${esc(pick(lang, TEXT.filter))}"><ul>${tabs}</ul></nav>
${q.applications.length === 0 ? `<p>${esc(pick(lang, TEXT.none))}</p>` : scrolling(pick(lang, TEXT.creditRepairApplications), table([t(lang, 'kind'), pick(lang, TEXT.subject), pick(lang, TEXT.target), pick(lang, TEXT.applied), pick(lang, TEXT.status), pick(lang, TEXT.nextDeadline)], rows))}`
    return show(
      request,
      reply,
      pick(lang, TEXT.creditRepairApplications),
      `/officer/repairs?filter=${encodeURIComponent(filter)}`,
      body,
    )
  })

  /** One application with its facts and forms; `state`: a form refused, shown again with what was typed and why. */
  const applicationPage = async (request: FastifyRequest, reply: FastifyReply, raw: string, state?: FormState) => {
    const lang = languageOf(request)
    const kindName = await kindNames(request)
    const id = encodeURIComponent(raw)
    const res = await callApi(root, request, 'GET', `/v1/repairs/${id}`)
    {
      const refused = notOfficer(reply, languageOf(request), res.statusCode)
      if (refused) return refused
    }
    if (res.statusCode !== 200) return failed(reply, lang, res.statusCode, t(lang, 'notFound'), '/officer/repairs')
    const a = JSON.parse(res.body) as RepairDetail
    const csrf = cookie(request, CSRF_COOKIE) ?? ''
    const base = `/officer/repairs/${id}`
    const feedback =
      a.status === 'submitted'
        ? `<h2>${esc(pick(lang, TEXT.feedback))}</h2>${formAlert(state, 'feedback')}<form method="post" action="${base}/feedback"><input type="hidden" name="csrf" value="${esc(csrf)}">
${field(state, 'feedback', { name: 'feedback', label: pick(lang, TEXT.feedbackDueBy(dayText(lang, a.feedbackDueOn))), kind: 'textarea', required: true, maxlength: 4000, rows: 3 })}<button type="submit">${esc(pick(lang, TEXT.giveFeedback))}</button></form>`
        : ''
    const chosen = state?.form === 'decide' ? state.values.outcome : undefined
    const outcomeError = state?.form === 'decide' ? state.errors.outcome : undefined
    const decide =
      a.status === 'feedback_given'
        ? stepForm(
            lang,
            csrf,
            `${base}/decision`,
            pick(lang, TEXT.decide),
            `<fieldset${outcomeError ? ' aria-invalid="true" aria-describedby="repair-outcome-error"' : ''}><legend>${esc(pick(lang, TEXT.outcome))}</legend><label><input type="radio" name="outcome" value="approved" required${chosen === 'approved' ? ' checked' : ''}> ${esc(pick(lang, TEXT.approvedPublicationEndsToday))}</label><br><label><input type="radio" name="outcome" value="refused"${chosen === 'refused' ? ' checked' : ''}> ${esc(pick(lang, TEXT.refused))}</label>${outcomeError ? `<small class="field-error" id="repair-outcome-error">${esc(outcomeError)}</small>` : ''}</fieldset>`,
            state?.form === 'decide'
              ? {
                  reasons: state.values.reasons ?? '',
                  alert: state.message,
                  ...(state.errors.reasons ? { error: state.errors.reasons } : {}),
                }
              : {},
          )
        : ''
    const evidence = evidenceList(lang, a.subjectId, a.evidence)
    const body = `<h1>${esc(pick(lang, TEXT.creditRepairApplication))}: ${esc(kindName(a.target.kind))}</h1>
<p>${esc(pick(lang, TEXT.status))}: <strong>${esc(statusText(lang, a.status))}</strong> · ${esc(pick(lang, TEXT.applied))} ${esc(dayText(lang, a.appliedOn))}${a.overdue ? ` <span class="badge">${esc(pick(lang, TEXT.overdue))}</span>` : ''}</p>
<h2>${esc(pick(lang, TEXT.theSubjectSStatement))}</h2><p translate="no">${esc(a.statement)}</p><h2>${esc(pick(lang, TEXT.evidence))}</h2>${evidence}
${a.feedback ? `<h2>${esc(pick(lang, TEXT.feedback))}</h2><p translate="no">${esc(a.feedback)}</p>` : ''}${a.decisionReasons ? `<h2>${esc(pick(lang, TEXT.reasonsForTheDecision))}</h2><p translate="no">${esc(a.decisionReasons)}</p>` : ''}
${feedback}${decide}${trailTable(lang, a.history ?? [])}<p><a href="/officer/repairs">${esc(pick(lang, TEXT.backToTheQueue))}</a></p>`
    return show(request, reply, pick(lang, TEXT.creditRepairApplication), base, body, state ? 422 : 200)
  }

  app.get('/officer/repairs/:id', pageRoute, async (request, reply) =>
    applicationPage(request, reply, (request.params as { id: string }).id),
  )

  app.post('/officer/repairs/:id/feedback', formRoute, async (request, reply) => {
    const raw = (request.params as { id: string }).id
    const id = encodeURIComponent(raw)
    const values = { feedback: ((request.body ?? {}) as Record<string, string>).feedback ?? '' }
    return act(request, reply, `/v1/repairs/${id}/feedback`, values, `/officer/repairs/${id}`, {
      form: 'feedback',
      values,
      fieldOf: () => 'feedback',
      show: (state) => applicationPage(request, reply, raw, state),
    })
  })
  app.post('/officer/repairs/:id/decision', formRoute, async (request, reply) => {
    const raw = (request.params as { id: string }).id
    const id = encodeURIComponent(raw)
    const f = (request.body ?? {}) as Record<string, string>
    const values = { outcome: f.outcome ?? '', reasons: f.reasons ?? '' }
    return act(request, reply, `/v1/repairs/${id}/decision`, values, `/officer/repairs/${id}`, {
      form: 'decide',
      values,
      fieldOf: (pointer) => (/outcome/.test(pointer) ? 'outcome' : 'reasons'),
      show: (state) => applicationPage(request, reply, raw, state),
    })
  })

  app.get('/officer/evidence/:subjectId/:documentId', pageRoute, async (request, reply) => {
    const { subjectId, documentId } = request.params as { subjectId: string; documentId: string }
    const refused = await officerDoor(root, request, reply)
    if (refused) return refused
    const res = await callApi(
      root,
      request,
      'GET',
      `/v1/subjects/${encodeURIComponent(subjectId)}/evidence/${encodeURIComponent(documentId)}`,
    )
    {
      const refused = notOfficer(reply, languageOf(request), res.statusCode)
      if (refused) return refused
    }
    if (res.statusCode !== 200)
      return failed(reply, languageOf(request), res.statusCode, t(languageOf(request), 'notFound'), '/officer')
    return reply
      .type(String(res.headers['content-type']))
      .header('cache-control', 'no-store')
      .header('content-disposition', String(res.headers['content-disposition']))
      .send(res.rawPayload)
  })
}
